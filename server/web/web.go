package web

import (
	"bytes"
	"crypto/rand"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/docseek/docseek/catalog"
	"github.com/docseek/docseek/eval"
	"github.com/docseek/docseek/server"
)

//go:embed assets
var assets embed.FS

// Config configures the web page. The zero value is usable: no token, the
// committed evaluation reports, logs discarded.
type Config struct {
	// AuthToken, if set, is asked for by a login form before anything is
	// shown; the browser then holds a session cookie (see auth.go).
	// Requests carrying "Authorization: Bearer <token>" pass too.
	AuthToken string
	// Reports are the evaluation reports shown under /eval: report-*.md
	// and the charts they link, at the FS root. Default eval.Reports.
	Reports fs.FS
	// Logger receives warnings (a view that failed to render). Default:
	// discarded.
	Logger *slog.Logger
}

// UI is the web page: an http.Handler for everything but /mcp and
// /healthz. It is safe for concurrent use.
type UI struct {
	srv     *server.Server
	cfg     Config
	log     *slog.Logger
	views   map[string]*template.Template
	docs    *markdown // for docs text: raw HTML shown as text
	reports *markdown // for our committed reports: keeps <details> folds
	session string    // the session cookie's value when AuthToken is set
	key     []byte    // keys the token digests (auth.go); new each start
	mux     *http.ServeMux
}

// New returns the web page over srv, calling the same methods its MCP tools
// call.
func New(srv *server.Server, cfg Config) (*UI, error) {
	if srv == nil {
		return nil, fmt.Errorf("web: nil server")
	}
	if cfg.Reports == nil {
		cfg.Reports = eval.Reports
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	u := &UI{srv: srv, cfg: cfg, log: cfg.Logger, docs: newMarkdown(false), reports: newMarkdown(true),
		views: map[string]*template.Template{}, key: make([]byte, 32)}
	if _, err := rand.Read(u.key); err != nil {
		return nil, fmt.Errorf("web: session key: %w", err)
	}
	if cfg.AuthToken != "" {
		u.session = u.digest(cfg.AuthToken)
	}
	funcs := template.FuncMap{
		"pageURL":   pageURL,
		"targetURL": targetURL,
		"treeURL":   treeURL,
		"md":        u.docs.HTML,
		"join":      strings.Join,
		"nodes":     newTreeLevel,
		"searchURL": searchURL,
	}
	layout, err := template.New("layout.html").Funcs(funcs).ParseFS(assets, "assets/layout.html")
	if err != nil {
		return nil, fmt.Errorf("web: parse layout: %w", err)
	}
	for _, v := range []string{"search", "page", "tree", "changelog", "reports", "report", "login", "error"} {
		t, err := template.Must(layout.Clone()).ParseFS(assets, "assets/"+v+".html")
		if err != nil {
			return nil, fmt.Errorf("web: parse view %q: %w", v, err)
		}
		u.views[v] = t
	}
	u.routes()
	return u, nil
}

func (u *UI) routes() {
	m := http.NewServeMux()
	m.HandleFunc("GET /{$}", u.search)
	m.HandleFunc("GET /page/{path...}", u.page)
	m.HandleFunc("GET /docs", u.tree)
	m.HandleFunc("GET /changelog", u.changelog)
	m.HandleFunc("GET /eval", u.reportList)
	m.HandleFunc("GET /eval/{file}", u.report)
	m.HandleFunc("GET /static/{file}", u.static)
	m.HandleFunc("GET /login", u.loginForm)
	m.HandleFunc("POST /login", u.login)
	m.HandleFunc("POST /logout", u.logout)
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		u.fail(w, r, http.StatusNotFound, "There is no page here.", "")
	})
	u.mux = m
}

// csp allows nothing but our own stylesheet, images and forms: no script
// at all, no inline style, no frames.
const csp = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; " +
	"base-uri 'none'; frame-ancestors 'none'"

// ServeHTTP serves the page, behind the login when a token is set.
func (u *UI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin") // not "no-referrer": with it a form post says Origin: null, which the origin check refuses
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	open := strings.HasPrefix(r.URL.Path, "/static/") || r.URL.Path == "/login"
	if !open && !u.authorized(r) {
		u.askToken(w, r, "")
		return
	}
	u.mux.ServeHTTP(w, r)
}

// frame is what every view shows around its content.
type frame struct {
	Title string
	Nav   string // the current section of the site: search, docs, changelog, eval
	// Libraries are the served doc sets, for the health line and pickers.
	Libraries []catalog.Status
	Auth      bool // a token is set: offer to sign out
}

func (u *UI) frame(title, nav string) frame {
	return frame{Title: title, Nav: nav, Libraries: u.srv.Libraries(), Auth: u.cfg.AuthToken != ""}
}

// LabelOf is how targets name a served library: its name, or name@version
// when several served libraries share the name (the rule of
// catalog.Catalog.Label, which targets here must follow). "" when only one
// library is served: its targets carry no library.
func (f frame) LabelOf(name, version string) string {
	if len(f.Libraries) < 2 || name == "" {
		return ""
	}
	for _, l := range f.Libraries {
		if l.Name == name && l.Version != version {
			return name + "@" + version
		}
	}
	return name
}

// render executes a view into a buffer first, so that a template error is
// a clean 500 rather than half a page.
func (u *UI) render(w http.ResponseWriter, status int, view string, data any) {
	var b bytes.Buffer
	if err := u.views[view].ExecuteTemplate(&b, "layout.html", data); err != nil {
		u.log.Warn("web: render view", "view", view, "err", err)
		http.Error(w, "internal error: the page failed to render", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(b.Bytes())
}

// errorView is the error page.
type errorView struct {
	frame
	Message string
	Detail  string
}

func (u *UI) fail(w http.ResponseWriter, _ *http.Request, status int, msg, detail string) {
	u.render(w, status, "error", errorView{frame: u.frame(http.StatusText(status), ""), Message: msg, Detail: detail})
}

// static serves the stylesheet.
func (u *UI) static(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	data, err := fs.ReadFile(assets, "assets/static/"+name)
	if err != nil || strings.Contains(name, "/") {
		http.NotFound(w, r)
		return
	}
	if strings.HasSuffix(name, ".css") {
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
	}
	w.Header().Set("Cache-Control", "max-age=300")
	_, _ = w.Write(data)
}

// pageURL is the page view of a page or section.
func pageURL(path, anchor string) string {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	u := "/page/" + strings.Join(segs, "/")
	if anchor != "" {
		u += "?s=" + url.QueryEscape(anchor)
	}
	return u
}

// searchURL is the first page of results for a question.
func searchURL(q, mode, library string) string {
	v := url.Values{"q": {q}}
	if mode != "" {
		v.Set("mode", mode)
	}
	if library != "" {
		v.Set("library", library)
	}
	return "/?" + v.Encode()
}

// targetURL is the page view of a fetch target (corpus.Target, maybe
// with a "library:" prefix).
func targetURL(target string) string {
	path, anchor, _ := strings.Cut(target, "#")
	return pageURL(path, anchor)
}

// treeURL is the docs tree of a library (by label; "" when only one is
// served) under prefix.
func treeURL(library, prefix string) string {
	q := url.Values{}
	if library != "" {
		q.Set("library", library)
	}
	if prefix != "" {
		q.Set("prefix", prefix)
	}
	if len(q) == 0 {
		return "/docs"
	}
	return "/docs?" + q.Encode()
}
