package corpus

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/yuin/goldmark"
)

// DefaultBaseURL is the base of source links for the WorkOS docs.
const DefaultBaseURL = "https://workos.com/docs"

// ErrNoPages reports a docs folder that holds no Markdown page: serving it
// would answer every question with nothing.
var ErrNoPages = errors.New("no .md or .mdx pages")

// MaxFileBytes is the largest docs file Load reads; a larger one is skipped
// with a warning. The largest WorkOS page is 37 KB; parsing costs up to
// several hundred times a file's size in memory (a 4 MB table took 1.5 GB).
const MaxFileBytes = 1 << 20

// Options configure Load. The zero value loads a local folder.
type Options struct {
	// Name of the corpus; default: the base name of the folder.
	Name string
	// Version of the corpus; default "local".
	Version string
	// Integrity of the package the folder came from, if any (recorded only).
	Integrity string
	// BaseURL prefixes page paths in source links; default DefaultBaseURL
	// when Name is "workos", else "" (links are then relative paths like "/sso").
	BaseURL string
	// Include keeps only the files whose path under the docs root
	// (slash-separated, with extension: "guide/intro.md") matches one of
	// these globs; "**" matches any number of folders and a glob without
	// "/" matches the base name at any depth. Empty keeps every file.
	Include []string
	// Exclude drops the files matching one of these globs (after Include):
	// a blog or translations that should not answer API questions.
	Exclude []string
	// KeepNumberPrefixes keeps page paths exactly as the files are named.
	// By default (false) each path segment loses its ordering prefix
	// ("04-guides/02-chatbot.mdx" is the page "guides/chatbot", with its
	// source link base + "/guides/chatbot"), as Docusaurus and most sites
	// built from numbered files do, unless two files would then share a
	// path. Fetch accepts either form. Include and Exclude always match
	// the file names as they are.
	KeepNumberPrefixes bool
}

// Load reads a documentation folder into a Corpus. dir is either the npm
// layout (dir/docs/** plus optional dir/changelogs/*.json) or a plain folder of
// .md/.mdx files, which is then the docs root. Files that cannot be parsed
// fully are still loaded (their text kept) and noted in Corpus.Warnings.
func Load(ctx context.Context, dir string, opts Options) (*Corpus, error) {
	if opts.Name == "" {
		opts.Name = filepath.Base(filepath.Clean(dir)) // the name given, not a symlink's target
	}
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real // WalkDir does not follow a symlinked root
	}
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("load corpus %q: %w", dir, err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("load corpus %q: not a directory", dir)
	}
	docsRoot, changelogDir := dir, ""
	if fi, err := os.Stat(filepath.Join(dir, "docs")); err == nil && fi.IsDir() {
		docsRoot = filepath.Join(dir, "docs")
		changelogDir = filepath.Join(dir, "changelogs")
	}
	if opts.Version == "" {
		opts.Version = "local"
	}
	if opts.BaseURL == "" && opts.Name == "workos" {
		opts.BaseURL = DefaultBaseURL
	}
	opts.BaseURL = strings.TrimRight(opts.BaseURL, "/")

	filter := fileFilter{include: opts.Include, exclude: opts.Exclude}
	if err := filter.check(); err != nil {
		return nil, fmt.Errorf("load corpus %q: %w", dir, err)
	}
	files, skipped, err := readDocs(ctx, docsRoot, filter)
	if err != nil {
		return nil, err
	}
	var renamed map[string]string
	if !opts.KeepNumberPrefixes {
		var warnings []string
		renamed, warnings = stripFileNumbers(files)
		skipped = append(skipped, warnings...)
		sort.Slice(files, func(i, j int) bool { return files[i].path < files[j].path })
	}
	c := &Corpus{
		Name: opts.Name, Version: opts.Version, Integrity: opts.Integrity, BaseURL: opts.BaseURL,
		Warnings:  skipped,
		filePaths: renamed,
	}
	for _, f := range files {
		if f.mod.After(c.Modified) && !f.mod.Equal(NPMFileTime) {
			c.Modified = f.mod
		}
	}
	if err := c.build(ctx, files); err != nil {
		return nil, err
	}
	if len(c.Pages) == 0 {
		return nil, fmt.Errorf("load corpus %q: %w under %q (%d files skipped)", dir, ErrNoPages, docsRoot, len(skipped))
	}
	c.res = NewResolver(c)
	if changelogDir != "" {
		if err := c.loadChangelogs(changelogDir); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// docFile is one source file read from disk.
type docFile struct {
	path string // page path: relative, slash-separated, no extension
	raw  []byte
	nav  bool      // a _navigation.mdx file
	mod  time.Time // modification time; zero when unknown
}

// NPMFileTime is the modification time npm gives every file it packs or
// installs (so that tarballs are reproducible): it says nothing about when
// the docs changed.
var NPMFileTime = time.Date(1985, 10, 26, 8, 15, 0, 0, time.UTC)

// readDocs reads every .md/.mdx file under root that filter keeps, in path
// order. Hidden directories and symlinks are skipped, and so are files larger
// than MaxFileBytes or that are not text (skipped says which and why).
func readDocs(ctx context.Context, root string, filter fileFilter) (files []docFile, skipped []string, err error) {
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p != root && (strings.HasPrefix(name, ".") || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		ext := strings.ToLower(path.Ext(name))
		if !d.Type().IsRegular() || (ext != ".md" && ext != ".mdx") {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if !filter.keep(rel) {
			return nil
		}
		var mod time.Time
		if info, err := d.Info(); err == nil {
			if info.Size() > MaxFileBytes {
				skipped = append(skipped, fmt.Sprintf("%s: skipped: %d bytes, over the %d-byte limit per file", rel, info.Size(), MaxFileBytes))
				return nil
			}
			mod = info.ModTime()
		}
		raw, err := readAtMost(p, MaxFileBytes)
		if err != nil {
			return err
		}
		if raw == nil {
			skipped = append(skipped, fmt.Sprintf("%s: skipped: over the %d-byte limit per file", rel, MaxFileBytes))
			return nil
		}
		if why := binaryContent(raw); why != "" {
			skipped = append(skipped, fmt.Sprintf("%s: skipped: not text (%s)", rel, why))
			return nil
		}
		files = append(files, docFile{
			path: strings.TrimSuffix(rel, path.Ext(rel)),
			raw:  raw,
			nav:  strings.TrimSuffix(name, path.Ext(name)) == "_navigation",
			mod:  mod,
		})
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("read docs %q: %w", root, err)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].path < files[j].path })
	return files, skipped, nil
}

// readAtMost reads the file at p, or returns nil when it holds more than
// limit bytes (it may have grown since it was listed).
func readAtMost(p string, limit int64) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, nil
	}
	return b, nil
}

// binaryContent says why b is not a text file ("" when it is): a NUL byte,
// invalid UTF-8, or more than 1% control characters other than tab, CR, LF
// and form feed.
func binaryContent(b []byte) string {
	if bytes.IndexByte(b, 0) >= 0 {
		return "it holds a NUL byte"
	}
	if !utf8.Valid(b) {
		return "it is not valid UTF-8"
	}
	ctrl := 0
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' {
			ctrl++
		}
	}
	if ctrl*100 > len(b) {
		return fmt.Sprintf("%d control characters", ctrl)
	}
	return ""
}

// build parses every file into pages, chunks and the navigation tree.
func (c *Corpus) build(ctx context.Context, files []docFile) error {
	md := newMarkdown()
	type parsed struct {
		f    docFile
		fm   frontmatter
		body []byte
		desc map[string]string
	}
	var all []parsed
	global := map[string]string{}
	navTitles := map[string]string{}
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		src := normalizeNewlines(f.raw)
		fmRaw, body, _ := splitFrontmatter(src)
		fm, err := parseFrontmatter(fmRaw)
		if err != nil {
			c.Warnings = append(c.Warnings, fmt.Sprintf("%s: %v (kept as text)", f.path, err))
			body = append([]byte(fenceText("yaml", string(fmRaw))+"\n\n"), body...)
		}
		if f.nav {
			navTitles[path.Dir(f.path)] = fm.Title
			continue
		}
		desc := map[string]string{}
		flattenDescriptions("", fm.Descriptions, desc)
		for k, v := range desc {
			if _, ok := global[k]; !ok {
				global[k] = v
			}
		}
		all = append(all, parsed{f: f, fm: fm, body: body, desc: desc})
	}
	docusaurus := false
	for _, p := range all {
		if p.fm.Docusaurus || importsDocusaurus(p.body) {
			docusaurus = true
			break
		}
	}
	seen := make(map[string]bool, len(all))
	for _, p := range all {
		if err := ctx.Err(); err != nil {
			return err
		}
		if seen[p.f.path] {
			c.Warnings = append(c.Warnings, fmt.Sprintf("%s: both .md and .mdx exist; kept the first", p.f.path))
			continue
		}
		page := c.newPage(md, p.f, p.fm, p.body, p.desc, global)
		if docusaurus {
			page.URL = docusaurusURL(c.BaseURL, page.Path, p.fm)
		}
		c.Pages = append(c.Pages, page)
		seen[page.Path] = true
		c.Chunks = append(c.Chunks, chunkPage(page)...)
	}
	c.Nav = buildNav(c.Pages, navTitles)
	return nil
}

func normalizeNewlines(b []byte) []byte {
	s := strings.ReplaceAll(string(b), "\r\n", "\n")
	s = strings.TrimPrefix(s, "\ufeff")
	return []byte(s)
}

// newPage builds one page from its parsed parts.
func (c *Corpus) newPage(md goldmark.Markdown, f docFile, fm frontmatter, body []byte, desc, global map[string]string) *Page {
	pb := parseBody(md, body, fm.Title)
	title := fm.Title
	if title == "" {
		title = pb.h1
	}
	if title == "" && strings.HasPrefix(f.path, "reference/") {
		// An untitled reference page opens with its method's heading
		// ("## List Connections"); an untitled guide opens with a generic one
		// ("## Installation" on every SDK page), so guides use their path.
		for _, s := range pb.sections[1:] {
			if s.Heading != "" {
				title = s.Heading
				break
			}
		}
	}
	if title == "" {
		title = humanize(f.path)
	}
	for i := range pb.sections {
		pb.sections[i].Breadcrumb[0] = title
	}
	p := &Page{
		Path:        f.path,
		Title:       title,
		Description: oneLine(fm.Description),
		URL:         pageURL(c.BaseURL, f.path),
		Kind:        KindDoc,
		Product:     strings.SplitN(f.path, "/", 2)[0],
		Sections:    pb.sections,
		Raw:         string(f.raw),
	}
	if strings.HasPrefix(f.path, "reference/") {
		p.Kind = KindReference
	}
	render := func(s string) string { return renderSnippet(md, s) }
	if ref := renderReference(fm.Reference, desc, global, render); ref != "" {
		p.Sections[0].Text = joinText(p.Sections[0].Text, ref)
	}
	p.Links = dedupe(pb.links)
	return p
}

// renderSnippet renders a markdown snippet (a frontmatter description) to
// clean text.
func renderSnippet(md goldmark.Markdown, s string) string {
	pb := parseBody(md, []byte(s), "")
	var parts []string
	for _, sec := range pb.sections {
		if sec.Heading != "" {
			parts = append(parts, sec.Heading)
		}
		if sec.Text != "" {
			parts = append(parts, sec.Text)
		}
	}
	if pb.h1 != "" {
		parts = append([]string{pb.h1}, parts...)
	}
	return strings.Join(parts, "\n\n")
}

func dedupe(list []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range list {
		s = strings.TrimSpace(s)
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// humanize makes a title from a path: "sso/test-sso" -> "Test sso";
// "sso/index" -> "Sso".
func humanize(p string) string {
	p = strings.TrimSuffix(p, "/index")
	name := path.Base(p)
	name = strings.NewReplacer("-", " ", "_", " ").Replace(name)
	if name == "" {
		return p
	}
	return strings.ToUpper(name[:1]) + name[1:]
}

// pageURL is the source link of a page: "x/index" maps to base + "/x".
func pageURL(base, p string) string {
	p = strings.TrimSuffix(p, "/index")
	if p == "index" || p == "" {
		if base == "" {
			return "/"
		}
		return base
	}
	return base + "/" + p
}

// Markdown returns the clean markdown of the whole page (anchor "") or of one
// section including its sub-sections; "" for an unknown anchor.
func (p *Page) Markdown(anchor string) string {
	var parts []string
	if anchor == "" {
		parts = append(parts, "# "+p.Title)
		if p.Description != "" {
			parts = append(parts, p.Description)
		}
		for i, s := range p.Sections {
			if i > 0 {
				parts = append(parts, headingLine(s))
			}
			if s.Text != "" {
				parts = append(parts, s.Text)
			}
		}
		return strings.Join(parts, "\n\n")
	}
	in := map[string]bool{}
	for _, s := range p.Sections {
		if s.Anchor == "" || !(s.Anchor == anchor || in[s.Parent]) {
			continue
		}
		in[s.Anchor] = true
		parts = append(parts, headingLine(s))
		if s.Text != "" {
			parts = append(parts, s.Text)
		}
	}
	return strings.Join(parts, "\n\n")
}
