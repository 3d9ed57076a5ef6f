package corpus

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestEstimatePieces compares the estimate with the real WordPiece counts of
// the all-MiniLM-L6-v2 vocabulary (computed offline). On a whole chunk it
// errs high (see estimatePieces); on one short string it may miss a rare
// word's extra pieces, so the bounds here are 0.85x to 2x.
func TestEstimatePieces(t *testing.T) {
	tests := []struct {
		text string
		real int // pieces from the real tokenizer, without [CLS]/[SEP]
	}{
		{"Single Sign-On is the most frequently asked for requirement by organizations.", 14},
		{"sso.listConnections() returns a list of connections; ssoService.ListConnections() in .NET.", 31},
		{"WORKOS_API_KEY='sk_example_123456789'", 19},
		{"npm install @workos-inc/authkit-nextjs", 15},
		{"The quick brown fox jumps over the lazy dog.", 10},
		{"dsync.user.created and authentication.email_verification_succeeded events", 16},
		{"Possible values: `ADFSSAML`, `AdpOidc`, `AppleOAuth`, `Auth0SAML`", 30},
		{"Café naïve façade — déjà vu", 7},
		{"認証 and 日本語", 6},
		{"https://workos.com/docs/reference/sso/connection/list#list-connections", 24},
		{"MIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ", 41},
	}
	for _, tt := range tests {
		got := estimatePieces(tt.text)
		if got*100 < tt.real*85 || got > tt.real*2 {
			t.Errorf("estimatePieces(%q) = %d, real %d: want 0.85x to 2x real", tt.text, got, tt.real)
		}
	}
	if got := estimatePieces(""); got != 0 {
		t.Errorf("empty: %d", got)
	}
}

// The estimate of a text never exceeds the sum of its parts' estimates, so
// packing blocks by summed estimates stays within the window.
func TestEstimatePiecesSubadditive(t *testing.T) {
	parts := []string{"Install the SDK", "`npm install gizmo`", "then call gizmo.ListWidgets().", "日本", "x"}
	sum := 0
	for _, p := range parts {
		sum += estimatePieces(p)
	}
	if whole := estimatePieces(strings.Join(parts, "\n\n")); whole > sum {
		t.Errorf("whole %d > sum of parts %d", whole, sum)
	}
}

func TestSlugify(t *testing.T) {
	tests := []struct{ in, want string }{
		{"(1) Configure your project", "1-configure-your-project"},
		{"What you’ll build", "what-youll-build"},
		{"Using the `theme` prop", "using-the-theme-prop"},
		{"SSO & SAML: a primer", "sso--saml-a-primer"},
		{"snake_case-and-dash", "snake_case-and-dash"},
		{"Ünïcödé Heading", "ünïcödé-heading"},
		{"!!!", ""},
	}
	for _, tt := range tests {
		if got := slugify(tt.in); got != tt.want {
			t.Errorf("slugify(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSluggerUnique(t *testing.T) {
	s := newSlugger()
	var got []string
	for _, base := range []string{"example", "example", "example-1", "example", "", ""} {
		got = append(got, s.unique(base))
	}
	want := []string{"example", "example-1", "example-1-1", "example-2", "section", "section-1"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}

func TestHeadingAttrs(t *testing.T) {
	tests := []struct{ in, text, url string }{
		{`Authentication events {{ "url": "authentication" }}`, "Authentication events", "authentication"},
		{`Introduction {{ "visibility": "no-quick-nav" }}`, "Introduction", ""},
		{`Plain heading`, "Plain heading", ""},
		{`Template {{ count }}`, "Template {{ count }}", ""},
		{`Odd {{ "url": "Mixed Case URL" }}`, "Odd", "mixed-case-url"},
	}
	for _, tt := range tests {
		text, url := headingAttrs(tt.in)
		if text != tt.text || url != tt.url {
			t.Errorf("headingAttrs(%q) = %q, %q; want %q, %q", tt.in, text, url, tt.text, tt.url)
		}
	}
}

// A custom heading id ({#id}, Docusaurus, VitePress, Pandoc) is the anchor.
func TestCustomHeadingID(t *testing.T) {
	tests := []struct{ in, text, anchor string }{
		{"Setup {#setup}", "Setup", "setup"},
		{"Install the CLI {#install-cli .hidden}", "Install the CLI", "install-cli"},
		{"Mixed {#MixedCase_id}", "Mixed", "MixedCase_id"},
		{"Odd {#Odd! .x}", "Odd", "odd"},
		{"Spaces {# }", "Spaces {# }", ""},
		{"Braces in {prose}", "Braces in {prose}", ""},
		{"Pound {#}", "Pound {#}", ""},
	}
	for _, tt := range tests {
		text, anchor := headingAttrs(tt.in)
		if text != tt.text || anchor != tt.anchor {
			t.Errorf("headingAttrs(%q) = %q, %q; want %q, %q", tt.in, text, anchor, tt.text, tt.anchor)
		}
		if tt.anchor != "" {
			if got := PlainHeading(tt.in); got != tt.text {
				t.Errorf("PlainHeading(%q) = %q, want %q", tt.in, got, tt.text)
			}
		}
	}
}

func TestFlattenJSX(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"event name kept", "<Event.Details name=\"user.created\">\n  body\n</Event.Details>\n", "\n`user.created`\n\n  body\n\n"},
		{"self-closing with title", "<CodeBlock title=\"Install\" file=\"install\" />\n", "\nInstall\n\n"},
		{"file only", "<CodeBlock file=\"install-sdk\" />\n", "\ninstall-sdk\n\n"},
		{"tabs compact", "<CodeBlockTab title=\"Node\" file=\"a\" />\n<CodeBlockTab title=\"Go\" file=\"b\" />\n", "Node\nGo\n"},
		{"inline component", "a <Badge>beta</Badge> b", "a beta b"},
		{"comment dropped", "a {/* hidden */} b", "a  b"},
		{"string expression", "a{' '}b", "a b"},
		{"generic type kept", "returns List<Connection> or Task<T>", "returns List<Connection> or Task<T>"},
		{"prose placeholder kept", "pass <your token> here", "pass <your token> here"},
		{"closing after word", "<GlossaryMarker>A</GlossaryMarker>", "A"},
		{"code span untouched", "use `<Callout>` here", "use `<Callout>` here"},
		{"fence untouched", "```jsx\n<Callout title=\"x\">hi</Callout>\n```\n", "```jsx\n<Callout title=\"x\">hi</Callout>\n```\n"},
		{"expression attribute", "<PropsTable data={widgets.x.props} />\n", "\n"},
		{"style dropped", "<style>{`\n.a { color: red }\n`}</style>\ntext", "\ntext"},
		{"multi-line tag", "<CodeBlock\n  title=\"Auth\"\n  file=\"auth\"\n>\n", "\nAuth\n\n"},
		{"unterminated tag", "a <Callout title=\"x", "a <Callout title=\"x"},
		{"snippet text", "<Snippet text={`npm i gizmo`} prompt={false} />\n", "\nnpm i gizmo\n\n"},
		{"records as a list", "<ParamTable\n  rows={[\n    { name: 'speed', type: 'number', isOptional: true, description:\n        'How fast the widget spins. Default: 3.' },\n    { name: 'color', type: \"'red' | 'blue'\", description: 'The widget\\'s paint.' },\n  ]}\n/>\n",
			"\n- `speed` (`number`, isOptional): How fast the widget spins. Default: 3.\n- `color` (`'red' | 'blue'`): The widget's paint.\n\n"},
		{"nested records", "<ParamTable rows={[{ name: 'gear', type: 'Gear', description: 'A gear.', properties: [{ type: 'Gear', parameters: [{ name: 'teeth', type: 'number', description: 'Count' + ' of teeth.' }] }] }]} />\n",
			"\n- `gear` (`Gear`): A gear.\n  - `Gear`\n    - `teeth` (`number`): Count of teeth.\n\n"},
		{"map of records", "<TypeTable type={{ color: { type: 'string', description: 'Paint.', default: \"'blue'\" }, size: { type: 'number', description: 'Size in mm.' } }} />\n",
			"\n- `color` (`string`, default: 'blue'): Paint.\n- `size` (`number`): Size in mm.\n\n"},
		{"title then records", "<ParamTable title=\"Options\" rows={[{ name: 'a', description: 'First.' }]} />\n", "\nOptions\n\n- `a`: First.\n\n"},
		{"records indented in a list", "- step\n\n  <ParamTable rows={[{ name: 'a', description: 'First.' }, { name: 'b', description: 'Second.' }]} />\n",
			"- step\n\n  \n  - `a`: First.\n  - `b`: Second.\n\n"},
		{"icon in a table cell", "| Gizmo | <Tick size={18} /> | <Cross /> Beta |\n", "| Gizmo |  Tick  |  Cross  Beta |\n"},
		{"icon outside a table dropped", "Works <Tick size={18} /> here\n", "Works  here\n"},
		{"option names dropped", "<Tabs items={['npm', 'yarn']}>\n", "\n"},
		{"style of an element dropped", "<div style={{ color: 'red', border: '1px solid' }}>x</div>", "x"},
		{"code in a literal kept as text", "<ParamTable rows={[{ name: 'run', type: 'function', example: run(1, [2]) }]} />\n", "\n- `run` (`function`, example: run(1, [2]))\n\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := flattenJSX([]byte(tt.in))
			if diff := cmp.Diff(tt.want, string(got)); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

func TestSplitOversized(t *testing.T) {
	long := strings.Repeat("alpha beta gamma delta ", 200)
	code := "```go\n" + strings.Repeat("fmt.Println(\"a long line of code\")\n", 80) + "```"
	word := strings.Repeat("x9", 2000)
	table := "| Name | Meaning |\n| --- | --- |\n" + strings.Repeat("| `widget` | a small painted sprocket with a handle |\n", 60)
	for name, block := range map[string]string{"prose": long, "code": code, "word": word, "table": strings.TrimSpace(table)} {
		parts := splitOversized(block, 100)
		if len(parts) < 2 {
			t.Errorf("%s: %d parts", name, len(parts))
		}
		for i, p := range parts {
			if n := estimatePieces(p); n > 100 {
				t.Errorf("%s part %d: %d pieces", name, i, n)
			}
			if name == "code" && (!strings.HasPrefix(p, "```go\n") || !strings.HasSuffix(p, "\n```")) {
				t.Errorf("code part %d is not fenced: %.40q", i, p)
			}
			if name == "table" && !strings.HasPrefix(p, "| Name | Meaning |\n| --- | --- |\n| `widget`") {
				t.Errorf("table part %d lacks the header: %.60q", i, p)
			}
		}
	}
}

func TestSplitBlocksKeepsFences(t *testing.T) {
	in := "para one\n\n```\ncode\n\nstill code\n```\n\npara two"
	want := []string{"para one", "```\ncode\n\nstill code\n```", "para two"}
	if diff := cmp.Diff(want, splitBlocks(in)); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}

// A list whose items hold fenced code splits between items, and an item whose
// code is over the limit by itself closes the fence at the end of a part and
// reopens it, with its language, at the start of the next.
func TestSplitOversizedClosesFences(t *testing.T) {
	item := func(name, lang string, lines int) string {
		return "- **" + name + ":** run this.\n  ```" + lang + "\n" +
			strings.Repeat("  gizmo.paint(\"widget\", \"blue\", 42)\n", lines) + "  ```"
	}
	tests := []struct {
		name  string
		block string
		langs []string // the fence each part opens first ("" for none), runs of one counted once
	}{
		{"items", item("One", "js", 3) + "\n" + item("Two", "go", 3) + "\n" + item("Three", "py", 3), []string{"js", "go", "py"}},
		{"long item", item("One", "js", 2) + "\n" + item("Long", "go", 30), []string{"js", "go"}},
		{"ordered", "1. first\n   ```sh\n" + strings.Repeat("   gizmo ship --fast --color=blue widget\n", 30) + "   ```\n2. second", []string{"sh", ""}},
		{"prose then code", "Run the paint command for every widget you have:\n" + strings.Repeat("text line about widgets and sprockets\n", 10) + "```js\n" + strings.Repeat("gizmo.paint(\"widget\", \"blue\", 42)\n", 25) + "```", []string{"", "js"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts := splitOversized(tt.block, 100)
			var langs []string
			for i, p := range parts {
				if n := estimatePieces(p); n > 100 {
					t.Errorf("part %d: %d pieces", i, n)
				}
				if !fencesBalanced(p) {
					t.Errorf("part %d leaves a fence open:\n%s", i, p)
				}
				lang := ""
				for _, l := range strings.Split(p, "\n") {
					if _, n, rest := fenceMarker([]byte(l)); n >= 3 {
						lang = string(rest)
						break
					}
				}
				if len(langs) == 0 || langs[len(langs)-1] != lang {
					langs = append(langs, lang)
				}
			}
			if len(parts) < 2 {
				t.Errorf("%d parts", len(parts))
			}
			if diff := cmp.Diff(tt.langs, langs); diff != "" {
				t.Errorf("first fence of each part (-want +got)\n%s\nparts:\n%s", diff, strings.Join(parts, "\n=====\n"))
			}
			// No line is lost or invented, fence lines aside.
			if diff := cmp.Diff(codeLines(tt.block), codeLines(strings.Join(parts, "\n"))); diff != "" {
				t.Errorf("lines (-want +got)\n%s", diff)
			}
		})
	}
}

// codeLines returns the lines of text that are not code fences.
func codeLines(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if _, n, _ := fenceMarker([]byte(l)); n < 3 {
			out = append(out, l)
		}
	}
	return out
}

// An image whose alt text repeats the paragraph next to it is said once.
func TestImageAltSaidOnce(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"alt after caption", "Click Save to keep it.\n\n![Click Save to keep it.](a.png)", "Click Save to keep it."},
		{"alt inside caption", "Enter the email, or copy the link and send it.\n\n![Enter the email, or copy the link.](a.png)", "Enter the email, or copy the link and send it."},
		{"alt before caption", "![Click Save.](a.png)[border=false]\n\nClick Save to keep it.", "Click Save to keep it."},
		{"different alt kept", "Click Save.\n\n![The Save button, top right.](a.png)", "Click Save.\n\nThe Save button, top right."},
		{"in a list item", "1. Click Save.\n\n   ![Click Save](a.png)", "1. Click Save."},
		{"image with text kept", "Click ![Save](a.png) to save.\n\nSave", "Click Save to save.\n\nSave"},
		{"escaped braces", `Open the **\{name\} Settings** page.`, "Open the **{name} Settings** page."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := parseBody(newMarkdown(), []byte(tt.in), "T").sections[0].Text
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

// A leading H1 that repeats the page title is the title, not a section:
// breadcrumbs name the title once and the text under it is the intro. An H1
// that says something else stays a section.
func TestLeadingH1(t *testing.T) {
	for _, tt := range []struct {
		name, title, in string
		want            []string // per section: breadcrumb | text
	}{
		{"repeats the title", "Chatbot", "# Chatbot\n\nBuild a chat.\n\n## Example\n\nCode.\n",
			[]string{"Chatbot | Build a chat.", "Chatbot > Example | Code."}},
		{"repeats it in other case and markup", "useChat hook", "# `useChat` Hook\n\nState.\n",
			[]string{"useChat hook | State."}},
		{"says something else", "Vault", "# Introduction\n\nKeys.\n",
			[]string{"Vault | ", "Vault > Introduction | Keys."}},
		{"no title: the H1 is the title", "", "# Guide\n\nText.\n",
			[]string{"Guide | Text."}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, s := range parseBody(newMarkdown(), []byte(tt.in), tt.title).sections {
				got = append(got, strings.Join(s.Breadcrumb, " > ")+" | "+s.Text)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("sections (-want +got)\n%s", diff)
			}
		})
	}
}
