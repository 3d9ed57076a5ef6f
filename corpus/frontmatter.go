package corpus

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// frontmatter is the YAML block at the top of a page.
type frontmatter struct {
	Title        string         `yaml:"title"`
	Description  string         `yaml:"description"`
	Descriptions map[string]any `yaml:"descriptions"`
	Reference    yaml.Node      `yaml:"reference"`
	// Slug and ID are Docusaurus's URL keys, read only for a Docusaurus
	// docs folder (see docusaurusURL).
	Slug, ID string
	// Docusaurus is set when the block has a key only Docusaurus reads
	// (docusaurusKeys).
	Docusaurus bool
}

// splitFrontmatter separates a leading "---" YAML block from the body. It
// returns ok=false (and the whole input as body) when there is none.
func splitFrontmatter(src []byte) (fm, body []byte, ok bool) {
	if !bytes.HasPrefix(src, []byte("---\n")) {
		return nil, src, false
	}
	rest := src[4:]
	if bytes.HasPrefix(rest, []byte("---\n")) || bytes.Equal(rest, []byte("---")) {
		return nil, rest[min(len(rest), 4):], true
	}
	end := bytes.Index(rest, []byte("\n---\n"))
	if end < 0 {
		if bytes.HasSuffix(rest, []byte("\n---")) {
			return rest[:len(rest)-4], nil, true
		}
		return nil, src, false
	}
	return rest[:end+1], rest[end+5:], true
}

// parseFrontmatter decodes a YAML block. Any scalar may hold anything.
func parseFrontmatter(fm []byte) (frontmatter, error) {
	var f frontmatter
	if len(bytes.TrimSpace(fm)) == 0 {
		return f, nil
	}
	var raw yaml.Node
	if err := yaml.Unmarshal(fm, &raw); err != nil {
		return f, fmt.Errorf("parse frontmatter: %w", err)
	}
	if len(raw.Content) == 0 || raw.Content[0].Kind != yaml.MappingNode {
		return f, fmt.Errorf("parse frontmatter: not a mapping")
	}
	m := raw.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i].Value, m.Content[i+1]
		switch k {
		case "title":
			f.Title = scalarText(v)
		case "description":
			f.Description = scalarText(v)
		case "descriptions":
			var d map[string]any
			if err := v.Decode(&d); err == nil {
				f.Descriptions = d
			}
		case "reference":
			f.Reference = *v
		case "slug":
			f.Slug = scalarText(v)
		case "id":
			f.ID = scalarText(v)
		default:
			f.Docusaurus = f.Docusaurus || docusaurusKeys[k]
		}
	}
	return f, nil
}

// scalarText returns a scalar's value, or "" for anything else.
func scalarText(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode {
		return strings.TrimSpace(n.Value)
	}
	return ""
}

// flattenDescriptions turns a nested descriptions map into dotted keys:
// {"order": {"lowercase": "..."}} -> {"order.lowercase": "..."}.
func flattenDescriptions(prefix string, m map[string]any, out map[string]string) {
	for k, v := range m {
		key := k
		if prefix != "" {
			key = prefix + "." + k
		}
		switch v := v.(type) {
		case string:
			out[key] = strings.TrimSpace(v)
		case map[string]any:
			flattenDescriptions(key, v, out)
		case nil:
		default:
			out[key] = strings.TrimSpace(fmt.Sprint(v))
		}
	}
}

// refItem is one entry of a language's reference list: a method, an object or
// a bare "(ref)" string.
type refItem struct {
	Key         string    `yaml:"key"`
	ID          string    `yaml:"id"`
	Title       string    `yaml:"title"`
	Type        string    `yaml:"type"`
	Optional    bool      `yaml:"optional"`
	Description string    `yaml:"description"`
	Parameters  []refItem `yaml:"parameters"`
	Properties  []refItem `yaml:"properties"`
	Returns     []refItem `yaml:"returns"`
	Bare        string    `yaml:"-"` // "(after)" entries: the ref inside the parentheses
}

// UnmarshalYAML accepts both mappings and bare "(ref)" strings.
func (r *refItem) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		r.Bare = strings.Trim(strings.TrimSpace(n.Value), "()")
		return nil
	}
	type plain refItem
	var p plain
	if err := n.Decode(&p); err != nil {
		return err
	}
	*r = refItem(p)
	return nil
}

// langOrder is the order SDK languages are listed in.
var langOrder = []string{"curl", "js", "python", "ruby", "go", "java", "dotnet", "php", "laravel", "elixir"}

func langRank(l string) int {
	for i, x := range langOrder {
		if x == l {
			return i
		}
	}
	return len(langOrder)
}

var descRefRE = regexp.MustCompile(`^\(([\w.\-]+)\)$`)

// refRenderer renders reference frontmatter once per item, merging the
// languages.
type refRenderer struct {
	own, global map[string]string
	used        map[string]bool
	render      func(string) string // markdown snippet -> clean text
}

// renderReference turns the reference: block into readable text: per item its
// endpoint, the SDK method names per language on one line, then parameters,
// fields and return values, each described once. Descriptions of the page's
// descriptions: map no item used are listed at the end, so none is lost.
func renderReference(ref yaml.Node, own, global map[string]string, render func(string) string) string {
	r := &refRenderer{own: own, global: global, used: map[string]bool{}, render: render}
	type langItems struct {
		lang  string
		items []refItem
	}
	var langs []langItems
	if ref.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(ref.Content); i += 2 {
			var items []refItem
			if err := ref.Content[i+1].Decode(&items); err != nil {
				continue
			}
			langs = append(langs, langItems{ref.Content[i].Value, items})
		}
	}
	sort.SliceStable(langs, func(i, j int) bool { return langRank(langs[i].lang) < langRank(langs[j].lang) })

	// Group items by id across languages, in first-seen order.
	type group struct {
		id    string
		langs []string
		items []refItem
	}
	var groups []*group
	byID := map[string]*group{}
	for _, l := range langs {
		for _, it := range l.items {
			id := it.ID
			if id == "" {
				id = normKey(it.Key)
			}
			if it.Bare != "" {
				id = "bare:" + it.Bare
			}
			g := byID[id]
			if g == nil {
				g = &group{id: id}
				byID[id] = g
				groups = append(groups, g)
			}
			g.langs = append(g.langs, l.lang)
			g.items = append(g.items, it)
		}
	}
	var out []string
	for _, g := range groups {
		if s := r.group(g.langs, g.items); s != "" {
			out = append(out, s)
		}
	}
	var unused []string
	for k, v := range own {
		if !r.used[k] && !r.used[baseRef(k)] {
			unused = append(unused, "- "+k+": "+oneLine(render(v)))
		}
	}
	sort.Strings(unused)
	if len(unused) > 0 {
		out = append(out, "Descriptions:\n"+strings.Join(unused, "\n"))
	}
	return strings.Join(out, "\n\n")
}

// group renders one reference item across its languages.
func (r *refRenderer) group(langs []string, items []refItem) string {
	first := items[0]
	if first.Bare != "" {
		return r.paramLine(param{names: []string{lastSeg(first.Bare)}, ref: first.Bare})
	}
	var b strings.Builder
	name := first.Key
	for _, it := range items {
		if it.Type != "" && isHTTPMethod(it.Type) {
			fmt.Fprintf(&b, "Endpoint: %s %s\n", strings.ToUpper(it.Type), it.Title)
			break
		}
	}
	var methods []string
	seen := map[string]bool{}
	for i, it := range items {
		t := it.Title
		if t == "" || isHTTPMethod(it.Type) {
			continue
		}
		if !seen[langs[i]+t] {
			seen[langs[i]+t] = true
			methods = append(methods, langs[i]+": "+t)
		}
	}
	var keys []string
	for _, it := range items {
		if it.Key != "" && !containsFold(keys, it.Key) {
			keys = append(keys, it.Key)
		}
	}
	if b.Len() == 0 && len(methods) == 0 {
		fmt.Fprintf(&b, "%s\n", name)
	}
	if len(methods) > 0 {
		label := "SDK methods"
		if len(first.Parameters) == 0 && len(first.Returns) == 0 && len(first.Properties) > 0 {
			label = "SDK types" // an object, not a call
		}
		fmt.Fprintf(&b, "%s: %s\n", label, strings.Join(methods, "; "))
	}
	if len(keys) > 1 {
		fmt.Fprintf(&b, "Names: %s\n", strings.Join(keys, ", "))
	}
	if d := r.describe(first.Description); d != "" {
		b.WriteString(d + "\n")
	}
	for _, sec := range []struct {
		label string
		get   func(refItem) []refItem
	}{
		{"Parameters", func(it refItem) []refItem { return it.Parameters }},
		{"Fields", func(it refItem) []refItem { return it.Properties }},
		{"Returns", func(it refItem) []refItem { return it.Returns }},
	} {
		var perLang [][]refItem
		for _, it := range items {
			perLang = append(perLang, sec.get(it))
		}
		if s := r.params(langs, perLang); s != "" {
			b.WriteString(sec.label + ":\n" + s + "\n")
		}
	}
	return strings.TrimSpace(b.String())
}

// param is one parameter merged across languages.
type param struct {
	names    []string // per-language spellings, first is the primary
	typ      string
	optional bool
	ref      string // description reference ("list_connections.domain") or ""
	text     string // literal description when not a reference
}

// params merges the parameter lists of every language into one list. Nested
// properties (options objects) are flattened.
func (r *refRenderer) params(langs []string, perLang [][]refItem) string {
	var order []string
	merged := map[string]*param{}
	var bare []string
	var add func(items []refItem)
	add = func(items []refItem) {
		for _, it := range items {
			if it.Bare != "" {
				if strings.Contains(it.Bare, ".") || r.own[it.Bare] != "" || r.own[it.Bare+".lowercase"] != "" || r.global[it.Bare+".self"] != "" {
					it = refItem{Key: lastSeg(it.Bare), Description: "(" + it.Bare + ")"}
				} else {
					if !containsFold(bare, it.Bare) {
						bare = append(bare, it.Bare)
					}
					continue
				}
			}
			if len(it.Properties) > 0 && (it.Description == "" || it.Key == "options" || it.Key == "opts" || it.Key == "anonymous") {
				add(it.Properties)
				continue
			}
			id := normKey(it.Key)
			if m := descRefRE.FindStringSubmatch(strings.TrimSpace(it.Description)); m != nil {
				id = normKey(baseRef(m[1])) // feature_flag.slug and FeatureFlag.slug are one
			}
			p := merged[id]
			if p == nil {
				p = &param{typ: it.Type, optional: it.Optional}
				if m := descRefRE.FindStringSubmatch(strings.TrimSpace(it.Description)); m != nil {
					p.ref = m[1]
				} else {
					p.text = it.Description
				}
				merged[id] = p
				order = append(order, id)
			}
			if it.Key != "" && !containsExact(p.names, it.Key) {
				p.names = append(p.names, it.Key)
			}
			if len(it.Properties) > 0 {
				add(it.Properties)
			}
		}
	}
	for _, items := range perLang {
		add(items)
	}
	var lines []string
	for _, id := range order {
		if l := r.paramLine(*merged[id]); l != "" {
			lines = append(lines, l)
		}
	}
	var names []string
	for _, p := range merged {
		names = append(names, p.names...)
	}
	var also []string
	for _, b := range bare {
		if !containsFold(names, b) { // (FeatureFlag) when feature_flag is listed
			also = append(also, b)
		}
	}
	if len(also) > 0 {
		lines = append(lines, "- also: "+strings.Join(also, ", "))
	}
	return strings.Join(lines, "\n")
}

func (r *refRenderer) paramLine(p param) string {
	if len(p.names) == 0 {
		return ""
	}
	var meta []string
	if p.typ != "" {
		meta = append(meta, p.typ)
	}
	if p.optional {
		meta = append(meta, "optional")
	}
	line := "- " + strings.Join(p.names, " / ")
	if len(meta) > 0 {
		line += " (" + strings.Join(meta, ", ") + ")"
	}
	d := ""
	if p.ref != "" {
		d = r.describe("(" + p.ref + ")")
	} else if p.text != "" {
		d = r.describe(p.text)
	}
	if d != "" {
		line += ": " + d
	}
	return line
}

// describe resolves a "(key)" description reference in the page's own
// descriptions, then in every page's, and renders it to clean text.
func (r *refRenderer) describe(desc string) string {
	desc = strings.TrimSpace(desc)
	if desc == "" {
		return ""
	}
	m := descRefRE.FindStringSubmatch(desc)
	if m == nil {
		return oneLine(r.render(desc))
	}
	key := m[1]
	for _, k := range []string{key, key + ".lowercase", key + ".self"} {
		if v, ok := r.own[k]; ok {
			r.used[k] = true
			return oneLine(r.render(v))
		}
	}
	for _, k := range []string{key, key + ".lowercase", key + ".self"} {
		if v, ok := r.global[k]; ok {
			return oneLine(r.render(v))
		}
	}
	return ""
}

// oneLine folds a rendered description onto one line; list items become a
// comma-separated run ("Possible values: `a`, `b`, `c`").
func oneLine(s string) string {
	var b strings.Builder
	inList := false
	for _, line := range strings.Split(strings.TrimSpace(s), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		item, isItem := strings.CutPrefix(line, "- ")
		switch {
		case isItem && inList:
			b.WriteString(", " + item)
		case isItem:
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(item)
		default:
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(line)
		}
		inList = isItem
	}
	return b.String()
}

func isHTTPMethod(s string) bool {
	switch strings.ToUpper(s) {
	case "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS":
		return true
	}
	return false
}

// normKey folds the spellings of one name across languages:
// connectionType, connection_type and ConnectionType all become
// "connectiontype".
func normKey(k string) string {
	return strings.ToLower(keySeparators.Replace(k))
}

// keySeparators drops what separates the words of a name. Built once: a
// Replacer builds its tables on first use, which per call was a third of
// the time the WorkOS docs took to load.
var keySeparators = strings.NewReplacer("_", "", "-", "", "$", "")

// baseRef drops a case variant suffix: "order.lowercase" -> "order".
func baseRef(k string) string {
	for _, s := range []string{".lowercase", ".titlecase"} {
		k = strings.TrimSuffix(k, s)
	}
	return k
}

func lastSeg(k string) string {
	k = baseRef(k)
	if i := strings.LastIndexByte(k, '.'); i >= 0 {
		return k[i+1:]
	}
	return k
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if normKey(x) == normKey(s) {
			return true
		}
	}
	return false
}

func containsExact(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
