package bert

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Tokenizer turns text into BERT word-piece ids the way Hugging Face's
// tokenizers library does with a BertNormalizer, a BertPreTokenizer and a
// WordPiece model: clean the text, pad CJK ideographs with spaces, strip
// accents, lower-case, split on white space and punctuation, then match the
// longest vocabulary pieces greedily.
//
// A Tokenizer is immutable after loading and safe for concurrent use.
type Tokenizer struct {
	vocab  map[string]int32
	tokens []string // id -> piece, for debugging and tests

	cleanText     bool
	chineseChars  bool
	stripAccents  bool
	lowercase     bool
	prefix        string // continuing sub-word prefix, "##"
	maxWordRunes  int    // words longer than this become [UNK]
	unk, cls, sep int32

	// added holds tokens matched in the raw text before normalisation
	// ([CLS], [MASK], ...), longest first.
	added []addedToken
}

type addedToken struct {
	content string
	id      int32
}

// tokenizerJSON is the part of tokenizer.json we read.
type tokenizerJSON struct {
	AddedTokens []struct {
		ID         int32  `json:"id"`
		Content    string `json:"content"`
		Normalized bool   `json:"normalized"`
		SingleWord bool   `json:"single_word"`
		LStrip     bool   `json:"lstrip"`
		RStrip     bool   `json:"rstrip"`
	} `json:"added_tokens"`
	Normalizer *struct {
		Type               string `json:"type"`
		CleanText          *bool  `json:"clean_text"`
		HandleChineseChars *bool  `json:"handle_chinese_chars"`
		StripAccents       *bool  `json:"strip_accents"`
		Lowercase          *bool  `json:"lowercase"`
	} `json:"normalizer"`
	PreTokenizer *struct {
		Type string `json:"type"`
	} `json:"pre_tokenizer"`
	Model struct {
		Type                    string           `json:"type"`
		UnkToken                string           `json:"unk_token"`
		ContinuingSubwordPrefix *string          `json:"continuing_subword_prefix"`
		MaxInputCharsPerWord    int              `json:"max_input_chars_per_word"`
		Vocab                   map[string]int32 `json:"vocab"`
	} `json:"model"`
}

// LoadTokenizer reads dir/tokenizer.json, or dir/vocab.txt (with
// tokenizer_config.json's do_lower_case) when there is no tokenizer.json.
func LoadTokenizer(dir string) (*Tokenizer, error) {
	b, err := os.ReadFile(filepath.Join(dir, "tokenizer.json"))
	if err == nil {
		return parseTokenizerJSON(b)
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("read tokenizer: %w", err)
	}
	vb, verr := os.ReadFile(filepath.Join(dir, "vocab.txt"))
	if verr != nil {
		return nil, fmt.Errorf("read tokenizer: neither %q nor %q is readable: %w",
			"tokenizer.json", "vocab.txt", verr)
	}
	lower := true
	if cb, err := os.ReadFile(filepath.Join(dir, "tokenizer_config.json")); err == nil {
		var cfg struct {
			DoLowerCase *bool `json:"do_lower_case"`
		}
		if err := json.Unmarshal(cb, &cfg); err != nil {
			return nil, fmt.Errorf("parse %q: %w", "tokenizer_config.json", err)
		}
		if cfg.DoLowerCase != nil {
			lower = *cfg.DoLowerCase
		}
	}
	return parseVocabTxt(vb, lower)
}

func parseTokenizerJSON(b []byte) (*Tokenizer, error) {
	var tj tokenizerJSON
	if err := json.Unmarshal(b, &tj); err != nil {
		return nil, fmt.Errorf("parse %q: %w", "tokenizer.json", err)
	}
	if tj.Model.Type != "WordPiece" {
		return nil, fmt.Errorf("tokenizer.json: model type %q is not supported (want %q)", tj.Model.Type, "WordPiece")
	}
	if tj.PreTokenizer != nil && tj.PreTokenizer.Type != "BertPreTokenizer" {
		return nil, fmt.Errorf("tokenizer.json: pre-tokenizer %q is not supported (want %q)", tj.PreTokenizer.Type, "BertPreTokenizer")
	}
	t := &Tokenizer{
		vocab:        tj.Model.Vocab,
		prefix:       "##",
		maxWordRunes: 100,
		cleanText:    true,
		chineseChars: true,
		lowercase:    true,
	}
	if tj.Model.ContinuingSubwordPrefix != nil {
		t.prefix = *tj.Model.ContinuingSubwordPrefix
	}
	if tj.Model.MaxInputCharsPerWord > 0 {
		t.maxWordRunes = tj.Model.MaxInputCharsPerWord
	}
	if n := tj.Normalizer; n != nil {
		if n.Type != "BertNormalizer" {
			return nil, fmt.Errorf("tokenizer.json: normalizer %q is not supported (want %q)", n.Type, "BertNormalizer")
		}
		if n.CleanText != nil {
			t.cleanText = *n.CleanText
		}
		if n.HandleChineseChars != nil {
			t.chineseChars = *n.HandleChineseChars
		}
		if n.Lowercase != nil {
			t.lowercase = *n.Lowercase
		}
	} else {
		t.cleanText, t.chineseChars, t.lowercase = false, false, false
	}
	// strip_accents: null means "follow lowercase", as in BERT.
	t.stripAccents = t.lowercase
	if n := tj.Normalizer; n != nil && n.StripAccents != nil {
		t.stripAccents = *n.StripAccents
	}
	for _, a := range tj.AddedTokens {
		if a.Content == "" {
			continue
		}
		// Normalized added tokens would be matched after normalisation;
		// BERT's special tokens are not normalized, which is all we need.
		if a.Normalized || a.SingleWord || a.LStrip || a.RStrip {
			return nil, fmt.Errorf("tokenizer.json: added token %q uses options that are not supported", a.Content)
		}
		t.added = append(t.added, addedToken{content: a.Content, id: a.ID})
	}
	unk := tj.Model.UnkToken
	if unk == "" {
		unk = "[UNK]"
	}
	return t.finish(unk)
}

func parseVocabTxt(b []byte, lower bool) (*Tokenizer, error) {
	t := &Tokenizer{
		vocab:        make(map[string]int32),
		prefix:       "##",
		maxWordRunes: 100,
		cleanText:    true,
		chineseChars: true,
		lowercase:    lower,
		stripAccents: lower,
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	var id int32
	for sc.Scan() {
		tok := strings.TrimRight(sc.Text(), "\r")
		if _, dup := t.vocab[tok]; !dup {
			t.vocab[tok] = id
		}
		id++
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %q: %w", "vocab.txt", err)
	}
	for _, s := range []string{"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"} {
		if id, ok := t.vocab[s]; ok {
			t.added = append(t.added, addedToken{content: s, id: id})
		}
	}
	return t.finish("[UNK]")
}

// finish looks up the special tokens and builds the id -> piece table.
func (t *Tokenizer) finish(unk string) (*Tokenizer, error) {
	if len(t.vocab) == 0 {
		return nil, errors.New("tokenizer: empty vocabulary")
	}
	var ok bool
	for _, sp := range []struct {
		name string
		dst  *int32
	}{{unk, &t.unk}, {"[CLS]", &t.cls}, {"[SEP]", &t.sep}} {
		if *sp.dst, ok = t.vocab[sp.name]; !ok {
			return nil, fmt.Errorf("tokenizer: vocabulary has no %q token", sp.name)
		}
	}
	maxID := int32(-1)
	for _, id := range t.vocab {
		if id < 0 {
			return nil, fmt.Errorf("tokenizer: negative token id %d", id)
		}
		maxID = max(maxID, id)
	}
	for _, a := range t.added {
		maxID = max(maxID, a.id)
	}
	t.tokens = make([]string, maxID+1)
	for s, id := range t.vocab {
		t.tokens[id] = s
	}
	for _, a := range t.added {
		if a.id < 0 {
			return nil, fmt.Errorf("tokenizer: negative token id %d", a.id)
		}
		t.tokens[a.id] = a.content
	}
	sort.SliceStable(t.added, func(i, j int) bool { return len(t.added[i].content) > len(t.added[j].content) })
	return t, nil
}

// VocabSize is one more than the largest token id.
func (t *Tokenizer) VocabSize() int { return len(t.tokens) }

// Token returns the piece for id, or "" when id is out of range.
func (t *Tokenizer) Token(id int32) string {
	if id < 0 || int(id) >= len(t.tokens) {
		return ""
	}
	return t.tokens[id]
}

// Encode returns [CLS] + word pieces + [SEP], keeping at most maxTokens ids
// in all (special tokens included); maxTokens <= 2 keeps only the specials.
func (t *Tokenizer) Encode(text string, maxTokens int) []int32 {
	maxTokens = max(maxTokens, 2)
	// At most one piece per rune (so per byte) and the two special tokens.
	ids := make([]int32, 0, min(maxTokens, len(text)+2))
	ids = append(ids, t.cls)
	ids = t.appendPieces(ids, text, maxTokens-1)
	return append(ids, t.sep)
}

// Pieces returns the word-piece ids of text without special tokens and
// without truncation.
func (t *Tokenizer) Pieces(text string) []int32 {
	return t.appendPieces(nil, text, -1)
}

// appendPieces appends the word pieces of text to ids while len(ids) < limit
// (no limit when limit < 0).
func (t *Tokenizer) appendPieces(ids []int32, text string, limit int) []int32 {
	full := func() bool { return limit >= 0 && len(ids) >= limit }
	var wordBuf [32]rune
	word := wordBuf[:0]
	flush := func() {
		if len(word) > 0 {
			ids = t.wordPieces(ids, string(word), len(word), limit)
			word = word[:0]
		}
	}
	var next addedFinder
	var nextBuf [8]int
	next.init(t.added, text, nextBuf[:])
	for pos := 0; pos < len(text) && !full(); {
		at, tok := next.find(pos)
		// Pre-tokenize: split on white space (dropped) and on punctuation
		// (each mark its own word), then word-piece every word.
		for _, r := range t.normalize(text[pos:at]) {
			if full() {
				break
			}
			switch {
			case unicode.IsSpace(r):
				flush()
			case isBertPunct(r):
				flush()
				word = append(word, r)
				flush()
			default:
				word = append(word, r)
			}
		}
		if !full() {
			flush()
		}
		word = word[:0]
		if tok < 0 {
			break
		}
		if !full() {
			ids = append(ids, t.added[tok].id)
		}
		pos = at + len(t.added[tok].content)
	}
	return ids
}

// addedFinder finds the added tokens in a text left to right, remembering
// where each one next occurs so the text is scanned once per token.
type addedFinder struct {
	added []addedToken
	text  string
	next  []int // per token: byte offset of its next occurrence, -1 if none
}

// init sets f up for text, keeping its offsets in buf if that is long
// enough.
func (f *addedFinder) init(added []addedToken, text string, buf []int) {
	f.added, f.text = added, text
	if len(added) <= len(buf) {
		f.next = buf[:len(added)]
	} else {
		f.next = make([]int, len(added))
	}
	for i := range f.next {
		f.next[i] = -2 // not searched yet
	}
}

// find returns the offset and index of the first added token at or after
// pos (earliest start; the longest on ties, as t.added is longest first),
// or len(text) and -1.
func (f *addedFinder) find(pos int) (at, tok int) {
	at, tok = len(f.text), -1
	for i, a := range f.added {
		if f.next[i] == -2 || (f.next[i] >= 0 && f.next[i] < pos) {
			f.next[i] = -1
			if j := strings.Index(f.text[pos:], a.content); j >= 0 {
				f.next[i] = pos + j
			}
		}
		if n := f.next[i]; n >= 0 && n < at {
			at, tok = n, i
		}
	}
	return at, tok
}

// wordPieces appends the greedy longest-match-first pieces of word (n runes)
// or [UNK] when the word is too long or some part of it is not in the
// vocabulary.
func (t *Tokenizer) wordPieces(ids []int32, word string, n, limit int) []int32 {
	if limit >= 0 && len(ids) >= limit {
		return ids
	}
	if n > t.maxWordRunes {
		return append(ids, t.unk)
	}
	start := len(ids)
	var bufArr [64]byte
	buf := bufArr[:0]
	for pos := 0; pos < len(word); {
		end := len(word)
		found := int32(-1)
		for end > pos {
			var id int32
			var ok bool
			if pos > 0 {
				buf = append(append(buf[:0], t.prefix...), word[pos:end]...)
				id, ok = t.vocab[string(buf)] // no string allocated for the lookup
			} else {
				id, ok = t.vocab[word[pos:end]]
			}
			if ok {
				found = id
				break
			}
			_, size := utf8.DecodeLastRuneInString(word[pos:end])
			end -= size
		}
		if found < 0 {
			return append(ids[:start], t.unk)
		}
		ids = append(ids, found)
		pos = end
	}
	if limit >= 0 && len(ids) > limit {
		ids = ids[:limit]
	}
	return ids
}

// normalize applies the BertNormalizer steps in Hugging Face's order: clean
// the text, pad CJK ideographs, strip accents (NFD, drop Mn), lower-case.
func (t *Tokenizer) normalize(s string) []rune {
	out := make([]rune, 0, len(s)+8)
	ascii := true
	for _, r := range s {
		ascii = ascii && r < utf8.RuneSelf
		if t.cleanText {
			if r == 0 || r == utf8.RuneError || isControl(r) {
				continue
			}
			if unicode.IsSpace(r) {
				r = ' '
			}
		}
		if t.chineseChars && isChineseChar(r) {
			out = append(out, ' ', r, ' ')
			continue
		}
		out = append(out, r)
	}
	if t.stripAccents && !ascii { // ASCII is its own NFD, with no marks
		d := norm.NFD.String(string(out))
		out = out[:0]
		for _, r := range d {
			if !unicode.Is(unicode.Mn, r) {
				out = append(out, r)
			}
		}
	}
	if t.lowercase && !slices.Contains(out, '\u0130') {
		for i, r := range out {
			out[i] = unicode.ToLower(r) // one rune each: in place
		}
	} else if t.lowercase {
		lowered := out[:0:0]
		for _, r := range out {
			if r == '\u0130' { // İ: the one unconditional multi-rune lower-case mapping
				lowered = append(lowered, 'i', '\u0307')
				continue
			}
			lowered = append(lowered, unicode.ToLower(r))
		}
		out = lowered
	}
	return out
}

// isControl reports the characters BERT's text cleaning drops: Unicode
// categories Cc, Cf and Co, except tab, newline and carriage return.
func isControl(r rune) bool {
	switch r {
	case '\t', '\n', '\r':
		return false
	}
	return unicode.In(r, unicode.Cc, unicode.Cf, unicode.Co)
}

// isBertPunct is ASCII punctuation (which includes symbols such as $ and ^)
// or any Unicode punctuation (categories P*).
func isBertPunct(r rune) bool {
	if r < 128 {
		return (r >= 33 && r <= 47) || (r >= 58 && r <= 64) || (r >= 91 && r <= 96) || (r >= 123 && r <= 126)
	}
	return unicode.IsPunct(r)
}

// isChineseChar reports whether r is in one of the CJK ideograph blocks that
// BERT splits into single characters.
func isChineseChar(r rune) bool {
	switch {
	case r >= 0x4E00 && r <= 0x9FFF,
		r >= 0x3400 && r <= 0x4DBF,
		r >= 0x20000 && r <= 0x2A6DF,
		r >= 0x2A700 && r <= 0x2B73F,
		r >= 0x2B740 && r <= 0x2B81F,
		r >= 0x2B920 && r <= 0x2CEAF,
		r >= 0xF900 && r <= 0xFAFF,
		r >= 0x2F800 && r <= 0x2FA1F:
		return true
	}
	return false
}
