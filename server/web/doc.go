// Package web is docseek's page for people: it shows what agents get over
// MCP, served by `docseek serve --http` at / beside the MCP endpoint.
//
//	browser ──GET /?q=…──────> search    ┐
//	        ──GET /page/…────> page view  │ server.Server: Ask, Fetch, List,
//	        ──GET /docs──────> docs tree  ├─> Changelog, Libraries (the same
//	        ──GET /changelog─> changelog  │ calls the MCP tools make)
//	        ──GET /eval/…────> reports ───┘ eval.Reports (committed files)
//
// With several libraries served (a catalog), search offers a library
// picker (name and version) and every link carries the library, as fetch
// targets do ("library:path#anchor").
//
// Every view is rendered on the server with html/template from files
// embedded in the binary (assets/): no script, no CDN, no build step, and
// every URL can be shared (the question is in the query string). Section
// text is the Markdown the agent reads, rendered with goldmark; raw HTML in
// the docs is shown as text, never passed through, and code blocks are
// coloured by a small highlighter of our own (highlight.go).
//
// Security: responses carry a strict Content-Security-Policy (no script at
// all, nothing from other origins), and when Config.AuthToken is set every
// view but the login form needs a session cookie holding a keyed digest of
// the token (never the token itself; see auth.go). Host and Origin checks
// are the server's (server.HTTPConfig), shared with /mcp.
package web
