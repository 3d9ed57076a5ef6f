package server

import (
	"context"
	"slices"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/docseek/docseek/retrieval"
)

// maxCompletions is the most values one completion/complete reply carries
// (the MCP specification's limit).
const maxCompletions = 100

// complete answers completion/complete for the docs:// resource templates:
// the library argument completes to the served libraries' names, the path
// argument to page paths of the library already chosen (from the request's
// context, or the template's own library). Values that start with what was
// typed come first, then those that merely contain it, each group in the
// docs tree's order. Prompts (docseek has none) and other arguments complete
// to nothing.
func (s *Server) complete(ctx context.Context, req *mcp.CompleteRequest) (*mcp.CompleteResult, error) {
	p := req.Params
	var values []string
	if p != nil && p.Ref != nil && p.Ref.Type == "ref/resource" {
		typed := p.Argument.Value
		switch {
		case p.Ref.URI == catalogTemplate && p.Argument.Name == "library":
			values = s.libraryLabels()
		case p.Ref.URI == catalogTemplate && p.Argument.Name == "path":
			library := ""
			if p.Context != nil {
				library = p.Context.Arguments["library"]
			}
			values = s.pagePaths(ctx, library)
		case strings.HasPrefix(p.Ref.URI, "docs://") && strings.HasSuffix(p.Ref.URI, "/{+path}") && p.Argument.Name == "path":
			values = s.pagePaths(ctx, "")
		}
		values = rankCompletions(values, typed)
	}
	out := &mcp.CompleteResult{Completion: mcp.CompletionResultDetails{Values: []string{}, Total: len(values)}}
	if len(values) > maxCompletions {
		values, out.Completion.HasMore = values[:maxCompletions], true
	}
	out.Completion.Values = append(out.Completion.Values, values...)
	return out, nil
}

// libraryLabels are the names the docs:// template accepts for each served
// library: its name, and name@version for every version when a name is
// served at several.
func (s *Server) libraryLabels() []string {
	if s.cfg.Catalog == nil {
		return nil
	}
	sts := s.cfg.Catalog.Statuses()
	var out []string
	for _, st := range sts {
		switch {
		case countName(sts, st.Name) == 1:
			out = append(out, st.Name)
		default:
			if !slices.Contains(out, st.Name) {
				out = append(out, st.Name)
			}
			out = append(out, st.Name+"@"+st.Version)
		}
	}
	return out
}

// pagePaths lists the page paths of library (the catalog's), or of the
// single index when the server has no catalog. An unknown library, or docs
// still loading, have none.
func (s *Server) pagePaths(ctx context.Context, library string) []string {
	var entries []retrieval.ListEntry
	if s.cfg.Catalog != nil {
		if library == "" {
			return nil
		}
		l, err := s.cfg.Catalog.List(ctx, library, "")
		if err != nil {
			return nil
		}
		entries = l.Entries
	} else {
		select {
		case <-s.ready:
		default:
			return nil
		}
		if s.ix == nil {
			return nil
		}
		var err error
		if entries, err = s.ix.List(""); err != nil {
			return nil
		}
	}
	var out []string
	for _, e := range entries {
		if e.IsPage {
			out = append(out, e.Path)
		}
	}
	return out
}

// rankCompletions keeps the values that contain typed (case-insensitive):
// those starting with it first, in their given order.
func rankCompletions(values []string, typed string) []string {
	t := strings.ToLower(typed)
	var starts, contains []string
	for _, v := range values {
		lv := strings.ToLower(v)
		switch {
		case strings.HasPrefix(lv, t):
			starts = append(starts, v)
		case strings.Contains(lv, t):
			contains = append(contains, v)
		}
	}
	return append(starts, contains...)
}
