// Package corpus turns a documentation source into pages and heading-scoped chunks.
//
// Data flow:
//
//	npm package (@workos/mcp-docs-server, pinned integrity) ─ SyncNPM ─┐  DATA/corpus/workos/<version>/{docs,changelogs}
//	local folder of .md/.mdx files ─────────────────────────────────────┴─> Load
//	    -> frontmatter (YAML; reference: blocks rendered once per item)  frontmatter.go
//	    -> body: JSX flattened to its meaningful text                   jsx.go
//	       goldmark AST walked into sections (anchors, breadcrumbs,     mdx.go, anchor.go
//	       stack-conditional list items, headings in list items)
//	    -> Pages + Nav tree (+ changelog entries)                       source_dir.go, nav.go, changelog.go
//	    -> Chunks: tiny sections merged, long ones split at block       chunk.go
//	       boundaries with overlap, <= ChunkBudget word pieces
//	       (estimated without the tokenizer), content hashes
//
// Chunks are the unit everything downstream embeds, indexes and returns.
// Lookups: Corpus.Page (a path), Resolver.Resolve (the one owner of the
// target syntax: path, path#anchor, URL, numbered file path or anchor-style
// path to a page, section or folder; ErrNotFound, ErrBadTarget; see
// resolve.go) and its shorthand Corpus.Resolve, Page.Markdown (a page or a
// section with its sub-sections).
//
// The package never imports embed (data flows one way), so word pieces are
// estimated by estimatePieces, calibrated offline against the model's vocab.
//
// WARNING: changing how chunks are cut or what EmbedText returns changes their
// hashes; bump ChunkerVersion and rebuild the bundles under bundles/ together.
package corpus
