package corpus

import "time"

// ChunkerVersion identifies the chunking rules. Bundles record it in their
// manifest. WARNING: bump it (and rebuild bundles/) whenever chunk text,
// boundaries or EmbedText change.
const ChunkerVersion = 3

// ChunkBudget is the encoder's window in word pieces; sections longer than
// this are split at paragraph or code-block boundaries.
const ChunkBudget = 256

// Kinds of documents.
const (
	KindDoc       = "doc"
	KindReference = "reference"
	KindChangelog = "changelog"
)

// Corpus is a loaded documentation set. It is immutable after Load and safe
// for concurrent use.
type Corpus struct {
	// Name of the corpus, e.g. "workos" or the folder's base name.
	Name string
	// Version of the corpus, e.g. "0.2.0"; "local" for a folder.
	Version string
	// Integrity is the npm integrity string of the package it came from, if any.
	Integrity string
	// BaseURL prefixes page paths in source links (e.g. "https://workos.com/docs").
	BaseURL string
	// Pages in path order. Excludes navigation-only files.
	Pages []*Page
	// Chunks of every page (and changelog entry) in page order.
	Chunks []Chunk
	// Changelog entries, newest first.
	Changelog []ChangelogEntry
	// Nav is the navigation tree of directories and pages.
	Nav *NavNode
	// Modified is the newest modification time of the files Load read,
	// leaving out npm's fixed one (NPMFileTime): when a folder's docs last
	// changed. Zero when no file time says (an npm package, a Corpus put
	// together in memory).
	Modified time.Time
	// Warnings name files that were loaded in a degraded way (for example a
	// frontmatter block that is not valid YAML, kept as text).
	Warnings []string

	// res resolves targets; Load builds it (nil for a Corpus put together
	// in memory, which Corpus.resolver then indexes per call).
	res *Resolver
	// filePaths maps the file and folder paths that lost their number
	// prefixes (Options.KeepNumberPrefixes) to their page and folder paths.
	filePaths map[string]string
}

// Page is one documentation page.
type Page struct {
	Path        string // relative, no extension, slash-separated: "sso/index"
	Title       string
	Description string
	URL         string // source link of the page
	Kind        string // KindDoc or KindReference
	Product     string // top-level folder ("sso"), or the page itself at the root
	// Sections in document order; Sections[0] is the intro (Anchor "", Level 0).
	Sections []Section
	// Links are link targets found on the page ("see also" metadata).
	Links []string
	// Raw is the file's original text, used only by the grep baseline.
	Raw string
}

// Section is one heading-scoped part of a page.
type Section struct {
	Anchor     string   // unique within the page; "" for the intro
	Heading    string   // heading text without attributes; "" for the intro
	Level      int      // 0 for the intro, else 1..6
	Breadcrumb []string // page title, then ancestor headings, then this heading
	Parent     string   // anchor of the enclosing section ("" = intro/page)
	Stack      string   // e.g. `frontend="nextjs"` for stack-conditional content
	Text       string   // clean markdown of this section alone (no sub-sections)
}

// Chunk is the unit of retrieval.
type Chunk struct {
	ID          string   // stable: "path#anchor", "path#anchor~2" for part 2 of a split section
	Path        string   // page path ("changelog" for changelog entries)
	Anchor      string   // section anchor ("" for the intro)
	Section     string   // heading text ("" for the intro; entry title for changelog)
	Breadcrumb  []string // page title > ... > heading
	Title       string   // page title
	Description string   // page description
	URL         string   // source link including #anchor
	Kind        string   // KindDoc, KindReference or KindChangelog
	Product     string   // top-level folder
	Stack       string   // stack-conditional marker, if any
	Date        string   // changelog entry date (YYYY-MM-DD), if any
	Text        string   // clean markdown
	Tokens      int      // estimated word pieces of EmbedText
	Hash        string   // hex sha256 of EmbedText: the key of embedding bundles
	Part, Parts int      // 1-based part number and total for split sections (1,1 if whole)
}

// ChangelogEntry is one platform changelog item.
type ChangelogEntry struct {
	Title   string
	Date    string // YYYY-MM-DD
	URL     string
	Changes []string
	Package string
}

// NavNode is a directory or page in the navigation tree.
type NavNode struct {
	Path        string // "" for the root, "sso" for a folder, "sso/index" for a page
	Title       string
	Description string
	IsPage      bool
	Children    []*NavNode
}
