// Package corpus turns a documentation source into pages and heading-scoped chunks.
//
// Data flow:
//
//	npm package (@workos/mcp-docs-server, pinned integrity) ─┐
//	local folder of .md/.mdx files ──────────────────────────┴─> Load
//	    -> frontmatter (YAML) + body (goldmark AST, MDX components flattened)
//	    -> Pages (sections with anchors and breadcrumbs, navigation tree)
//	    -> Chunks (<= ChunkBudget word pieces, stable ids, content hashes)
//
// Chunks are the unit everything downstream embeds, indexes and returns.
// WARNING: changing how chunks are cut or what EmbedText returns changes their
// hashes; bump ChunkerVersion and rebuild the bundles under bundles/ together.
package corpus
