package server

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/docseek/docseek/retrieval"
)

// Every page is a resource docs://<corpus>/<path> (text/markdown), listed
// one by one and readable through the template docs://<corpus>/{+path}.

const markdownMIME = "text/markdown"

func resourcePrefix(corpusName string) string {
	if corpusName == "" {
		corpusName = "docs"
	}
	return "docs://" + corpusName + "/"
}

// addResources publishes the pages of ix as resources.
func (s *Server) addResources(ix Index) {
	c := ix.Corpus()
	prefix := resourcePrefix(c.Name)
	read := s.readResource(prefix)
	s.mcp.AddResourceTemplate(&mcp.ResourceTemplate{
		Name:        c.Name + "-page",
		Title:       "A page of the " + c.Name + " docs",
		Description: "Any page of the docs by its path, e.g. " + prefix + "sso/index. The list tool shows the paths.",
		MIMEType:    markdownMIME,
		URITemplate: prefix + "{+path}",
	}, read)
	for _, p := range c.Pages {
		s.mcp.AddResource(&mcp.Resource{
			URI:         prefix + p.Path,
			Name:        p.Path,
			Title:       p.Title,
			Description: oneLine(p.Description, 300),
			MIMEType:    markdownMIME,
		}, read)
	}
}

// readResource returns the handler that reads pages under prefix.
func (s *Server) readResource(prefix string) mcp.ResourceHandler {
	return func(ctx context.Context, req *mcp.ReadResourceRequest) (*mcp.ReadResourceResult, error) {
		uri := req.Params.URI
		path, ok := strings.CutPrefix(uri, prefix)
		if !ok {
			return nil, mcp.ResourceNotFoundError(uri)
		}
		path, err := checkTarget("resource path", path, false)
		if err != nil || strings.ContainsAny(path, "#?") {
			return nil, mcp.ResourceNotFoundError(uri)
		}
		ix, err := s.index(ctx)
		if err != nil {
			return nil, err
		}
		doc, err := ix.Fetch(ctx, path)
		if errors.Is(err, retrieval.ErrNotFound) {
			return nil, mcp.ResourceNotFoundError(uri)
		}
		if err != nil {
			return nil, fmt.Errorf("read %q: %w", uri, err)
		}
		text := "# " + doc.Title + "\n\nSource: " + doc.URL + "\n\n" + strings.TrimSpace(doc.Markdown) + "\n"
		return &mcp.ReadResourceResult{Contents: []*mcp.ResourceContents{{URI: uri, MIMEType: markdownMIME, Text: text}}}, nil
	}
}
