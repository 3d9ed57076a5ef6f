package web

import (
	"errors"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/docseek/docseek/catalog"
	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/retrieval"
	"github.com/docseek/docseek/server"
)

// Modes are the search modes offered, the default first.
var modes = []string{string(retrieval.ModeHybrid), string(retrieval.ModeVector), string(retrieval.ModeLexical), string(retrieval.ModeGrep)}

// searchView is the search form and, for a question, its answer.
type searchView struct {
	frame
	Q, Mode, K, Library string
	Modes               []string
	// Pickable are the library choices when several are served.
	Pickable []option
	Answer   *server.Answer
	Results  []resultView
	Error    string
	// Excluded counts the sections of earlier pages left out (the x
	// parameters, ask's exclude); More is the URL of the next page.
	Excluded int
	More     string
}

// option is one choice of a picker.
type option struct{ Value, Label string }

// libraryOptions are the library (and version) choices: every library, or
// one; none when only one is served.
func libraryOptions(f frame) []option {
	if len(f.Libraries) < 2 {
		return nil
	}
	opts := []option{{"", "all libraries"}}
	for _, l := range f.Libraries {
		opts = append(opts, option{Value: f.LabelOf(l.Name, l.Version), Label: l.Name + " " + l.Version})
	}
	return opts
}

// resultView is one result as the agent gets it, with why it ranked.
type resultView struct {
	server.AskResult
	Why  server.Rank
	N    int
	HTML template.HTML
}

func (u *UI) search(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v := searchView{frame: u.frame("Search", "search"), Q: q.Get("q"), Mode: q.Get("mode"), K: q.Get("k"), Library: q.Get("library"), Modes: modes}
	v.Pickable = libraryOptions(v.frame)
	if strings.TrimSpace(v.Q) == "" {
		u.render(w, http.StatusOK, "search", v)
		return
	}
	v.Title = v.Q
	in := server.AskInput{Question: v.Q, Mode: v.Mode, Library: v.Library, Exclude: q["x"]}
	v.Excluded = len(in.Exclude)
	if v.K != "" {
		k, err := strconv.Atoi(v.K)
		if err != nil {
			v.Error = "k " + strconv.Quote(v.K) + " is not a number"
			u.render(w, http.StatusBadRequest, "search", v)
			return
		}
		in.K = k
	}
	a, err := u.srv.Ask(r.Context(), in)
	if err != nil {
		v.Error = err.Error()
		u.render(w, http.StatusBadRequest, "search", v)
		return
	}
	v.Answer = a
	for i, res := range a.Results {
		rv := resultView{AskResult: res, N: i + 1, HTML: u.docs.HTML(res.Text)}
		if i < len(a.Ranks) {
			rv.Why = a.Ranks[i]
		}
		v.Results = append(v.Results, rv)
	}
	// A full page may have more after it: ask again excluding what was
	// shown, as the agent is told to.
	k := in.K
	if k == 0 {
		k = retrieval.DefaultK
	}
	if len(a.Results) == k && a.Omitted == 0 {
		next := r.URL.Query()
		for _, res := range a.Results {
			next.Add("x", res.Target)
		}
		v.More = "/?" + next.Encode()
	}
	u.render(w, http.StatusOK, "search", v)
}

// pageView is a fetched page or section with its navigation.
type pageView struct {
	frame
	Doc *catalog.Document
	// Prefix is what this library's targets start with ("name:" when
	// several libraries are served), for the navigation links.
	Prefix      string
	HTML        template.HTML
	Suggestions []retrieval.NavLink
	Candidates  []string // the targets an ambiguous one may mean
	Error       string
}

func (u *UI) page(w http.ResponseWriter, r *http.Request) {
	target := corpus.Target(r.PathValue("path"), r.URL.Query().Get("s"))
	v := pageView{frame: u.frame(target, "docs")}
	doc, err := u.srv.Fetch(r.Context(), target)
	if err != nil {
		var (
			nf  *retrieval.NotFoundError
			amb *catalog.AmbiguousError
		)
		status := http.StatusBadRequest
		switch {
		case errors.As(err, &nf):
			status, v.Suggestions = http.StatusNotFound, nf.Suggestions
			v.Error = strconv.Quote(target) + " is not a page or section of these docs."
		case errors.As(err, &amb):
			status, v.Candidates = http.StatusNotFound, amb.Candidates
			v.Error = strconv.Quote(target) + " is in several libraries."
		default:
			v.Error = err.Error()
		}
		u.render(w, status, "page", v)
		return
	}
	v.Doc, v.Title = doc, doc.Title
	v.Prefix = strings.TrimSuffix(doc.Target, corpus.Target(doc.Path, doc.Anchor))
	md := strings.TrimSpace(doc.Markdown)
	if rest, ok := strings.CutPrefix(md, "# "+doc.Title+"\n"); ok {
		md = rest // the title is already the page's heading
	}
	v.HTML = u.docs.HTML(md)
	u.render(w, http.StatusOK, "page", v)
}

// treeNode is an entry of the docs tree with the entries under it.
type treeNode struct {
	retrieval.ListEntry
	Children []*treeNode
}

// treeLevel is one level of the docs tree as the template walks it, with
// the library label its links need.
type treeLevel struct {
	Label, Prefix string
	Nodes         []*treeNode
}

func newTreeLevel(label string, nodes []*treeNode) treeLevel {
	prefix := ""
	if label != "" {
		prefix = label + ":"
	}
	return treeLevel{Label: label, Prefix: prefix, Nodes: nodes}
}

type treeView struct {
	frame
	Listing *catalog.Listing
	Label   string // the listed library's label in targets; "" when only one is served
	Parent  string // the prefix one level up; "" at the top
	Nodes   []*treeNode
	Pages   int
	Error   string
}

func (u *UI) tree(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	prefix := strings.Trim(q.Get("prefix"), "/")
	v := treeView{frame: u.frame("Docs", "docs")}
	l, err := u.srv.List(r.Context(), server.ListInput{Prefix: prefix, Library: q.Get("library")})
	if err != nil {
		v.Error = err.Error()
		if errors.Is(err, retrieval.ErrNotFound) {
			v.Error = strconv.Quote(prefix) + " is not a folder or page of the served docs."
		}
		u.render(w, http.StatusNotFound, "tree", v)
		return
	}
	v.Listing, v.Label = l, v.LabelOf(l.Library, l.Version)
	if l.Prefix != "" {
		v.Title = l.Prefix
		if i := strings.LastIndexByte(l.Prefix, '/'); i > 0 {
			v.Parent = l.Prefix[:i]
		}
	}
	// Entries come depth-first with their depth: nest them.
	var stack []*treeNode
	for _, e := range l.Entries {
		if e.IsPage {
			v.Pages++
		}
		n := &treeNode{ListEntry: e}
		for len(stack) > e.Depth {
			stack = stack[:len(stack)-1]
		}
		if len(stack) == 0 {
			v.Nodes = append(v.Nodes, n)
		} else {
			p := stack[len(stack)-1]
			p.Children = append(p.Children, n)
		}
		stack = append(stack, n)
	}
	u.render(w, http.StatusOK, "tree", v)
}

type changelogView struct {
	frame
	Q, Since string
	Entries  []corpus.ChangelogEntry
	Error    string
}

// changelogLimit is how many entries the changelog view shows: the most
// the changelog tool returns.
const changelogLimit = 50

func (u *UI) changelog(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v := changelogView{frame: u.frame("Changelog", "changelog"), Q: q.Get("q"), Since: q.Get("since")}
	entries, err := u.srv.Changelog(r.Context(), server.ChangelogInput{Query: v.Q, Since: v.Since, Limit: changelogLimit})
	if err != nil {
		v.Error = err.Error()
		u.render(w, http.StatusBadRequest, "changelog", v)
		return
	}
	v.Entries = entries
	u.render(w, http.StatusOK, "changelog", v)
}

// reportName is an evaluation report's file name without ".md".
var reportName = regexp.MustCompile(`^report-[A-Za-z0-9._-]+$`)

type reportLink struct{ Name, Title string }

type reportsView struct {
	frame
	Reports []reportLink
}

func (u *UI) reportList(w http.ResponseWriter, _ *http.Request) {
	v := reportsView{frame: u.frame("Evaluation", "eval")}
	names, _ := fs.Glob(u.cfg.Reports, "report-*.md")
	sort.Strings(names)
	for _, n := range names {
		data, err := fs.ReadFile(u.cfg.Reports, n)
		if err != nil {
			continue
		}
		title, _, _ := strings.Cut(string(data), "\n")
		v.Reports = append(v.Reports, reportLink{Name: strings.TrimSuffix(n, ".md"), Title: strings.TrimLeft(title, "# ")})
	}
	u.render(w, http.StatusOK, "reports", v)
}

type reportView struct {
	frame
	HTML template.HTML
}

// report shows one report, or serves one of its charts.
func (u *UI) report(w http.ResponseWriter, r *http.Request) {
	file := r.PathValue("file")
	if name, ok := strings.CutSuffix(file, ".svg"); ok && reportName.MatchString(name) {
		data, err := fs.ReadFile(u.cfg.Reports, file)
		if err != nil {
			u.fail(w, r, http.StatusNotFound, "There is no such chart.", "")
			return
		}
		w.Header().Set("Content-Type", "image/svg+xml")
		w.Header().Set("Cache-Control", "max-age=300")
		_, _ = w.Write(data)
		return
	}
	if !reportName.MatchString(file) || path.Ext(file) == ".md" {
		u.fail(w, r, http.StatusNotFound, "There is no such report.", "")
		return
	}
	data, err := fs.ReadFile(u.cfg.Reports, file+".md")
	if err != nil {
		u.fail(w, r, http.StatusNotFound, "There is no such report.", "")
		return
	}
	title, _, _ := strings.Cut(string(data), "\n")
	v := reportView{frame: u.frame(strings.TrimLeft(title, "# "), "eval"), HTML: u.reports.HTML(string(data))}
	u.render(w, http.StatusOK, "report", v)
}
