// Package bert is a pure-Go BERT sentence encoder: the Hugging Face BERT
// normalizer and WordPiece tokenizer, the transformer forward pass, pooling as
// sentence-transformers configures it, and L2 normalisation.
package bert
