// Package server serves a retrieval index to agents over the Model Context
// Protocol (github.com/modelcontextprotocol/go-sdk).
//
//	            ┌──────────── tools ─────────────┐
//	agent ──MCP─┤ ask, fetch, list, changelog    ├──> Index (retrieval.Index)
//	 stdio or   │ workos_search, workos_docs,    │       Search, Fetch, List,
//	 HTTP /mcp  │ workos_changelogs,             │       Changelog, Corpus
//	            │ workos_examples                │
//	            └── resources docs://<corpus>/…──┘
//
// A Server can start before its index is loaded (NewPending): the MCP
// handshake is answered at once and tools wait for the index. Answers are
// markdown sized for an agent's context (see Config.DefaultMaxTokens): long
// sections are trimmed at paragraph or code-block boundaries, never inside a
// code block, and say how to fetch the rest.
//
// Transports: ServeStdio (newline-delimited JSON on stdin/stdout; it answers
// every request read before stdin closed) and Handler/Serve (stateless
// streamable HTTP at /mcp with Origin and Host checks, an optional bearer
// token, request size and time limits, and /healthz; HTTPConfig.UI mounts
// the web page of server/web at / behind the same checks).
//
// The tools' operations are also Go methods (Ask, Fetch, List, Changelog,
// Libraries; api.go): the handlers wrap them, and the web page calls them,
// so that people see exactly what agents get.
package server
