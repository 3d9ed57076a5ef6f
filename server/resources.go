package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/docseek/docseek/catalog"
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
			return nil, resourceNotFound(uri)
		}
		path, err := checkTarget("resource path", path, false)
		if err != nil || strings.ContainsAny(path, "#?") {
			return nil, resourceNotFound(uri)
		}
		ix, err := s.index(ctx)
		if err != nil {
			return nil, err
		}
		doc, err := ix.Fetch(ctx, path)
		if errors.Is(err, retrieval.ErrNotFound) {
			return nil, resourceNotFound(uri)
		}
		if err != nil {
			return nil, fmt.Errorf("read %q: %w", uri, err)
		}
		text := "# " + doc.Title + "\n\nSource: " + doc.URL + "\n\n" + strings.TrimSpace(doc.Markdown) + "\n"
		return &mcp.ReadResourceResult{Contents: []*mcp.ResourceContents{{URI: uri, MIMEType: markdownMIME, Text: text}}}, nil
	}
}

// catalogTemplate is the resource template of a catalog's pages.
const catalogTemplate = "docs://{library}/{+path}"

// addCatalogTemplate publishes the template every library's pages are read
// through: docs://{library}/{+path}, library being a name, or name@version
// when a name has several versions.
func (s *Server) addCatalogTemplate() {
	s.mcp.AddResourceTemplate(&mcp.ResourceTemplate{
		Name:        "docs-page",
		Title:       "A page of a served library",
		Description: "Any page of any served library by its path, e.g. docs://workos/sso/index. The list tool shows the libraries and paths.",
		MIMEType:    markdownMIME,
		URITemplate: catalogTemplate,
	}, s.readCatalogResource)
}

// publishCatalog lists, as resources, the pages of every library whose docs
// have loaded since the last call (each library once).
func (s *Server) publishCatalog(ctx context.Context) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.published == nil {
		s.published = map[string]bool{}
	}
	for _, st := range s.cfg.Catalog.Statuses() {
		id := st.Name + "@" + st.Version
		if s.published[id] || st.State == "loading" || st.State == "failed" {
			continue
		}
		l, err := s.cfg.Catalog.List(ctx, id, "")
		if err != nil {
			continue
		}
		label := st.Name
		if n := countName(s.cfg.Catalog.Statuses(), st.Name); n > 1 {
			label = id
		}
		s.published[id] = true
		for _, e := range l.Entries {
			if !e.IsPage {
				continue
			}
			s.mcp.AddResource(&mcp.Resource{
				URI:         "docs://" + label + "/" + e.Path,
				Name:        label + ":" + e.Path,
				Title:       e.Title,
				Description: oneLine(e.Description, 300),
				MIMEType:    markdownMIME,
			}, s.readCatalogResource)
		}
	}
}

func countName(sts []catalog.Status, name string) int {
	n := 0
	for _, st := range sts {
		if st.Name == name {
			n++
		}
	}
	return n
}

// readCatalogResource reads docs://{library}/{+path} through the catalog.
func (s *Server) readCatalogResource(ctx context.Context, req *mcp.ReadResourceRequest) (*mcp.ReadResourceResult, error) {
	uri := req.Params.URI
	rest, ok := strings.CutPrefix(uri, "docs://")
	if !ok {
		return nil, resourceNotFound(uri)
	}
	library, path, ok := strings.Cut(rest, "/")
	if !ok || library == "" {
		return nil, resourceNotFound(uri)
	}
	path, err := checkTarget("resource path", path, false)
	if err != nil || strings.ContainsAny(path, "#?") {
		return nil, resourceNotFound(uri)
	}
	doc, err := s.cfg.Catalog.Fetch(ctx, library+":"+path)
	if errors.Is(err, retrieval.ErrNotFound) || errors.Is(err, catalog.ErrAmbiguous) {
		return nil, resourceNotFound(uri)
	}
	if err != nil {
		return nil, fmt.Errorf("read %q: %w", uri, err)
	}
	text := "# " + doc.Title + "\n\nSource: " + doc.URL + " · " + doc.Library + " " + doc.Version + "\n\n" + strings.TrimSpace(doc.Markdown) + "\n"
	return &mcp.ReadResourceResult{Contents: []*mcp.ResourceContents{{URI: uri, MIMEType: markdownMIME, Text: text}}}, nil
}

// resourceNotFound is mcp.ResourceNotFoundError with its data encoded as
// JSON: the SDK's writes the URI with Go's %q, which is not JSON when the URI
// holds control characters, and the reply is then dropped.
func resourceNotFound(uri string) error {
	data, _ := json.Marshal(map[string]string{"uri": uri})
	return &jsonrpc.Error{Code: jsonrpc.CodeInvalidParams, Message: "Resource not found", Data: data}
}

// hasControl reports whether s holds an ASCII control character.
func hasControl(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f })
}
