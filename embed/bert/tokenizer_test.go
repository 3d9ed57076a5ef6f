package bert

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// tinyTokenizer loads testdata/tiny/tokenizer.json: a hand-made vocabulary
// of 43 pieces with BERT's normalizer settings and words capped at 12 runes.
func tinyTokenizer(t testing.TB) *Tokenizer {
	t.Helper()
	tok, err := LoadTokenizer(filepath.Join("testdata", "tiny"))
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func pieces(tok *Tokenizer, ids []int32) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = tok.Token(id)
	}
	return out
}

func TestTokenizerEncode(t *testing.T) {
	tok := tinyTokenizer(t)
	tests := []struct {
		name string
		text string
		max  int
		want string // pieces joined by spaces
	}{
		{"empty", "", 16, "[CLS] [SEP]"},
		{"white space only", " \t\n\u00a0\u3000", 16, "[CLS] [SEP]"},
		{"lower-case and punctuation", "The quick, brown FOX!", 16, "[CLS] the quick , brown fox ! [SEP]"},
		{"continuation pieces", "jumps jumped", 16, "[CLS] jump ##s jump ##ed [SEP]"},
		{"accents stripped", "Café NAÏVE", 16, "[CLS] cafe naive [SEP]"},
		{"identifier with dots", "dsync.user.created", 16, "[CLS] ds ##ync . user . created [SEP]"},
		{"camel case", "getAuthUrl", 16, "[CLS] get ##auth ##ur ##l [SEP]"},
		{"unknown piece makes the whole word unknown", "foxy dog", 16, "[CLS] [UNK] dog [SEP]"},
		{"word over the rune limit", "abcabcabcabca dog", 16, "[CLS] [UNK] dog [SEP]"},
		{"word at the rune limit", "abcabcabcabc", 16, "[CLS] a ##b ##c ##a ##b ##c ##a ##b ##c ##a ##b ##c [SEP]"},
		{"CJK split into characters", "东京dog", 16, "[CLS] 东 京 dog [SEP]"},
		{"ASCII symbols are punctuation", "$dog-fox", 16, "[CLS] $ dog - fox [SEP]"},
		{"control characters dropped", "do\x00g\u200b fo\x07x", 16, "[CLS] dog fox [SEP]"},
		{"emoji is not punctuation", "dog🚀 fox", 16, "[CLS] [UNK] fox [SEP]"},
		{"special tokens in text", "the [MASK] dog[SEP]", 16, "[CLS] the [MASK] dog [SEP] [SEP]"},
		{"adjacent special tokens", "[SEP][SEP]dog[MASK][MASK]", 16, "[CLS] [SEP] [SEP] dog [MASK] [MASK] [SEP]"},
		{"special token cut by truncation", "dog [MASK] fox", 3, "[CLS] dog [SEP]"},
		{"truncated", "the quick brown fox jumps over the lazy dog", 6, "[CLS] the quick brown fox [SEP]"},
		{"truncated inside a word", "jumps jumps", 4, "[CLS] jump ##s [SEP]"},
		{"max below two keeps the specials", "dog", 0, "[CLS] [SEP]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := strings.Join(pieces(tok, tok.Encode(tc.text, tc.max)), " ")
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Encode(%q, %d) (-want +got):\n%s", tc.text, tc.max, diff)
			}
		})
	}
}

func TestLoadTokenizerVocabTxt(t *testing.T) {
	dir := t.TempDir()
	vocab := "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nhello\n##s\nworld\n!\n"
	if err := os.WriteFile(filepath.Join(dir, "vocab.txt"), []byte(vocab), 0o644); err != nil {
		t.Fatal(err)
	}
	tok, err := LoadTokenizer(dir)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(pieces(tok, tok.Encode("Hellos, World!", 32)), " ")
	if want := "[CLS] hello ##s [UNK] world ! [SEP]"; got != want {
		t.Errorf("Encode = %q, want %q", got, want)
	}
}

func TestLoadTokenizerErrors(t *testing.T) {
	tests := []struct {
		name, file, content, wantErr string
	}{
		{"no files", "", "", "neither"},
		{"bad json", "tokenizer.json", "{", "parse"},
		{"not wordpiece", "tokenizer.json", `{"model":{"type":"BPE"}}`, `"BPE" is not supported`},
		{"no cls", "tokenizer.json", `{"model":{"type":"WordPiece","vocab":{"[UNK]":0,"[SEP]":1}}}`, `no "[CLS]"`},
		{"empty vocab", "vocab.txt", "", "empty vocabulary"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if tc.file != "" {
				if err := os.WriteFile(filepath.Join(dir, tc.file), []byte(tc.content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, err := LoadTokenizer(dir)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("LoadTokenizer error = %v, want one containing %q", err, tc.wantErr)
			}
		})
	}
}

// FuzzTokenize checks invariants on any input: no panic, [CLS] first and
// [SEP] last, ids in range, truncation respected, and the untruncated
// piece count agreeing with Encode.
func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"", "The quick, brown FOX!", "dsync.user.created", "东京 café 🚀\x00", "[CLS][SEP]x", "\xff\xfe bad utf8"} {
		f.Add(s, 8)
	}
	if b, err := os.ReadFile(filepath.Join("testdata", "bench_texts.json")); err == nil {
		f.Add(string(b[:min(len(b), 2000)]), 64)
	}
	tok := tinyTokenizer(f)
	f.Fuzz(func(t *testing.T, text string, maxTokens int) {
		maxTokens = maxTokens%600 + 2
		if maxTokens < 2 {
			maxTokens += 600
		}
		ids := tok.Encode(text, maxTokens)
		if len(ids) < 2 || len(ids) > maxTokens {
			t.Fatalf("Encode(%q, %d) has %d ids", text, maxTokens, len(ids))
		}
		if ids[0] != tok.cls || ids[len(ids)-1] != tok.sep {
			t.Fatalf("Encode(%q) = %v: want [CLS] first and [SEP] last", text, ids)
		}
		for _, id := range ids {
			if id < 0 || int(id) >= tok.VocabSize() {
				t.Fatalf("Encode(%q): id %d out of range", text, id)
			}
		}
		all := tok.Pieces(text)
		if want := min(len(all), maxTokens-2); len(ids)-2 != want {
			t.Fatalf("Encode(%q, %d) kept %d pieces, want %d of %d", text, maxTokens, len(ids)-2, want, len(all))
		}
		if !slices.Equal(all[:len(ids)-2], ids[1:len(ids)-1]) {
			t.Fatalf("Encode(%q) = %v: not a prefix of the pieces %v", text, ids, all)
		}
	})
}
