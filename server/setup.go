package server

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// ClientSetup is what an MCP client needs to reach a docseek server; see
// WriteClientSetup.
type ClientSetup struct {
	// Command starts the server on stdio: the binary and its arguments.
	// Required.
	Command []string
	// URL is the streamable HTTP endpoint (ending in MCPPath); "" for a
	// server on stdio.
	URL string
	// TokenEnv names the environment variable clients read the bearer
	// token from; "" when the server requires none. The token itself is
	// never written.
	TokenEnv string
	// Page is what to say about the web page; "" says its URL, the root of
	// URL's host.
	Page string
}

// WriteClientSetup writes, for people, how Claude Code, Cursor and VS Code
// connect to the server: the command line and the JSON snippets of their
// config files.
func WriteClientSetup(w io.Writer, cs ClientSetup) error {
	cmd := strings.Join(cs.Command, " ")
	if cs.URL == "" {
		cursor := jsonSnippet("mcpServers", map[string]any{"command": cs.Command[0], "args": cs.Command[1:]})
		vscode := jsonSnippet("servers", map[string]any{"type": "stdio", "command": cs.Command[0], "args": cs.Command[1:]})
		_, err := fmt.Fprintf(w, `docseek MCP server on stdio.

Claude Code:
  claude mcp add docseek -- %s

Cursor (~/.cursor/mcp.json):
%s

VS Code (.vscode/mcp.json):
%s

`, cmd, cursor, vscode)
		return err
	}
	header := ""
	cursorEntry := map[string]any{"url": cs.URL}
	vscodeEntry := map[string]any{"type": "http", "url": cs.URL}
	if cs.TokenEnv != "" {
		header = fmt.Sprintf(` --header "Authorization: Bearer $%s"`, cs.TokenEnv)
		h := map[string]string{"Authorization": "Bearer ${env:" + cs.TokenEnv + "}"}
		cursorEntry["headers"], vscodeEntry["headers"] = h, h
	}
	root := strings.TrimSuffix(cs.URL, MCPPath)
	page := cs.Page
	if page == "" {
		page = root + "/"
	}
	_, err := fmt.Fprintf(w, `docseek MCP server: %s  (health: %s, web page: %s)

Claude Code:
  claude mcp add --transport http docseek %s%s
  or on stdio: claude mcp add docseek -- %s

Cursor (~/.cursor/mcp.json):
%s

VS Code (.vscode/mcp.json):
%s

`, cs.URL, root+"/healthz", page, cs.URL, header, cmd, jsonSnippet("mcpServers", cursorEntry), jsonSnippet("servers", vscodeEntry))
	return err
}

// jsonSnippet is a client config file's JSON: {"key": {"docseek": entry}}.
func jsonSnippet(key string, entry map[string]any) []byte {
	b, _ := json.MarshalIndent(map[string]any{key: map[string]any{"docseek": entry}}, "", "  ") // maps of strings always marshal
	return b
}
