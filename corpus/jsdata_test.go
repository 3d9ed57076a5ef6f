package corpus

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseJSLiteral(t *testing.T) {
	tests := []struct {
		name, in string
		ok, rec  bool   // parsed; holds a record
		want     string // dataText, when it holds a record
	}{
		{"array of records", `[{ name: 'a', description: "One." }, { name: "b", description: 'Two.' }]`, true, true, "- `a`: One.\n- `b`: Two."},
		{"trailing commas and comments", "[\n  // the first\n  { name: 'a', /* note */ description: 'One.', },\n]", true, true, "- `a`: One."},
		{"quoted keys", `{ "a-b": { "type": "string", 'description': 'Dashed.' } }`, true, true, "- `a-b` (`string`): Dashed."},
		{"shorthand and spread", `[{ name: 'a', ...rest, description }]`, true, true, "- `a` (description: description)"},
		{"escapes", `[{ name: 'a', description: 'It\'s \"fine\" \\ ok \${x}' }]`, true, true, "- `a`: It's \"fine\" \\ ok ${x}"},
		{"template literal", "[{ name: `a`, description: `Multi\n   line.` }]", true, true, "- `a`: Multi line."},
		{"flags and values", `[{ name: 'a', isRequired: true, isOptional: false, default: 2 }]`, true, true, "- `a` (isRequired, isOptional: false, default: 2)"},
		{"list values", `[{ name: 'a', values: ['x', ['y'], 3] }]`, true, true, "- `a` (values: x, y, 3)"},
		{"description only", `[{ description: 'Alone.' }]`, true, true, "- Alone."},
		{"cards", `[{ title: 'Quick start', description: 'First steps.', href: '/docs/start' }, { title: 'Guides', href: '/docs/guides' }]`, true, true, "- Quick start: First steps.\n- Guides"},
		{"names only", `['npm', 'yarn']`, true, false, ""},
		{"numbers only", `{ width: 3, height: 4 }`, true, false, ""},
		{"not a literal", `widgets.props`, false, false, ""},
		{"call", `make([{ name: 'a' }])`, false, false, ""},
		{"unbalanced", `[{ name: 'a' }`, false, false, ""},
		{"unterminated string", `[{ name: 'a }]`, false, false, ""},
		{"bad key", `[{ -: 'a' }]`, false, false, ""},
		{"missing comma", `[{ name: 'a' } { name: 'b' }]`, false, false, ""},
		{"trailing text", `[{ name: 'a' }] + more`, false, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, ok := parseJSLiteral([]byte(tt.in))
			if ok != tt.ok {
				t.Fatalf("parsed = %v, want %v", ok, tt.ok)
			}
			if !ok {
				return
			}
			if v.hasRecord() != tt.rec {
				t.Fatalf("hasRecord = %v, want %v", v.hasRecord(), tt.rec)
			}
			if tt.rec {
				if diff := cmp.Diff(tt.want, dataText(v)); diff != "" {
					t.Errorf("(-want +got)\n%s", diff)
				}
			}
		})
	}
}

// A literal far longer than a tag may otherwise be (maxTag) is still read:
// reference pages keep hundreds of parameters in one attribute.
func TestFlattenJSXLongLiteral(t *testing.T) {
	var b strings.Builder
	b.WriteString("<ParamTable\n  rows={[\n")
	for i := range 300 {
		fmt.Fprintf(&b, "    { name: 'knob%d', type: 'number', description: 'Turns sprocket %d.' },\n", i, i)
	}
	b.WriteString("  ]}\n/>\n\nAfter the table.\n")
	if b.Len() < 4*maxTag {
		t.Fatalf("fixture of %d bytes is not long", b.Len())
	}
	got, _ := flattenJSX([]byte(b.String()))
	for _, want := range []string{"- `knob0` (`number`): Turns sprocket 0.\n", "- `knob299` (`number`): Turns sprocket 299.\n", "After the table."} {
		if !strings.Contains(string(got), want) {
			t.Errorf("missing %q", want)
		}
	}
	if strings.Contains(string(got), "description:") {
		t.Errorf("JavaScript left in the text:\n%.300s", got)
	}
}

// Unclosed literal attributes are not tags: the text stays as written. Each
// one may be scanned to the end of the body, but only while the body's
// budget lasts (twice its size), so the cost stays linear.
func TestFlattenJSXUnclosedLiterals(t *testing.T) {
	in := strings.Repeat("<ParamTable rows={[ { name: 'a', description: 'b' },\n", 2000)
	got, _ := flattenJSX([]byte(in))
	if diff := cmp.Diff(in, string(got)); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}

// FuzzDataText: any literal parses or not without panicking, and every word
// of every string in a rendered literal is in its text, link targets aside.
func FuzzDataText(f *testing.F) {
	for _, s := range []string{
		`[{ name: 'a', type: 'string', description: 'One.' }]`,
		`{ a: { type: 'x', description: 'Y' }, b: { description: 'Z' } }`,
		`[{ name: 'a', properties: [{ type: 'T', parameters: [{ name: 'b', description: 'c' + 'd' }] }] }]`,
		`[{ name: 'a', values: ['x', 'y'], flag: true, n: 1, f: () => {}, ...rest }]`,
		"[{ name: `a ${b}`, description: 'it\\'s' }]",
		`[[{ name: 'deep' }], 'loose']`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok := parseJSLiteral([]byte(s))
		if !ok || !v.hasRecord() {
			return
		}
		have := map[string]bool{}
		for _, w := range proseWords(dataText(v)) {
			have[w] = true
		}
		var walk func(jsValue)
		walk = func(v jsValue) {
			if v.kind == jsObject {
				for i, k := range v.keys {
					if !dataLinkKeys[k] || v.vals[i].kind != jsString {
						walk(v.vals[i])
					}
				}
				return
			}
			if v.kind == jsString {
				for _, w := range proseWords(v.text) {
					if !have[w] {
						t.Errorf("word %q of %q is not in the text", w, v.text)
					}
				}
			}
			for _, c := range v.vals {
				walk(c)
			}
		}
		walk(v)
	})
}

// A code span's fence is one backtick longer than the longest run inside,
// found in one pass: a name of many backticks costs its length, not its
// length squared (the loop this replaced grew the fence one tick and
// searched the name again each time, an allocation per tick).
func TestCodeSpan(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"maxRetries", "`maxRetries`"},
		{"a`b", "``a`b``"},
		{"a```b``c", "````a```b``c````"},
		{"`x", "`` `x ``"},
	} {
		if got := codeSpan(tt.in); got != tt.want {
			t.Errorf("codeSpan(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	long := "a" + strings.Repeat("`", 5000) + "b"
	if allocs := testing.AllocsPerRun(5, func() { codeSpan(long) }); allocs > 4 {
		t.Errorf("codeSpan of a 5,000-backtick run: %.0f allocations, want a few (one pass)", allocs)
	}
}
