package bert

import (
	"context"
	"errors"
)

// Model is a loaded sentence encoder. It is safe for concurrent use.
type Model struct{}

// Load reads a Hugging Face sentence-transformers model folder (config.json,
// tokenizer.json or vocab.txt, model.safetensors, 1_Pooling/config.json).
func Load(dir string) (*Model, error) { return nil, errors.New("bert: not implemented yet") }

// Embed returns one pooled, L2-normalised vector per text.
func (m *Model) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	return nil, errors.New("bert: not implemented yet")
}

// Dimensions is the vector length (hidden size).
func (m *Model) Dimensions() int { return 0 }

// MaxTokens is the truncation length in word pieces, [CLS] and [SEP] included.
func (m *Model) MaxTokens() int { return 0 }

// CountTokens returns the number of word pieces of text without special
// tokens and without truncation.
func (m *Model) CountTokens(text string) int { return 0 }
