package web

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/docseek/docseek/server"
)

// get fetches path from ts without following redirects.
func get(t *testing.T, ts *httptest.Server, method, path string, body io.Reader, header http.Header) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, ts.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	c := *ts.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(b)
}

func TestViews(t *testing.T) {
	t.Run("catalog", func(t *testing.T) { testViews(t, fixtureServer(t)) })
	t.Run("index", func(t *testing.T) { testViews(t, indexServer(t)) })
}

func testViews(t *testing.T, srv *server.Server) {
	ts := startSite(t, srv, "")
	tests := []struct {
		name   string
		path   string
		status int
		want   []string // substrings of the body
		not    []string // substrings the body must not hold
	}{
		{"home", "/", 200, []string{`<label for="q">Question</label>`, `role="search"`, "lantern", "test/fake-bag-of-words",
			"semantic index <strong class=\"ok\">ready", "chunks in 4 pages", "autofocus"}, nil},
		{"search", "/?q=how+do+I+verify+a+webhook+signature", 200, []string{
			`href="/page/webhooks/index?s=verify-the-signature"`, "Webhooks › Verify the signature",
			`href="https://docs.lantern.example/webhooks#verify-the-signature"`, "vector rank 1", "lexical rank 1", "fused score 0.",
			`<span class="hl-k">func</span>`, `<span class="hl-c">// keyed with the endpoint secret</span>`,
			"The answer as the agent reads it", "(hybrid search, best first)"}, nil},
		{"search lexical", "/?q=retries+backoff&mode=lexical", 200, []string{"vector rank –", "lexical rank 1", "(lexical search", `<option value="lexical" selected>`}, nil},
		{"search bad mode", "/?q=tokens&mode=psychic", 400, []string{`mode &#34;psychic&#34; is unknown`, `role="alert"`}, nil},
		{"search bad k", "/?q=tokens&k=lots", 400, []string{"is not a number"}, nil},
		{"search k out of range", "/?q=tokens&k=500", 400, []string{"k is 500; it must be between 1 and 50"}, nil},
		{"search nothing", "/?q=zzzqqq&mode=lexical", 200, []string{"0 sections", "Nothing found"}, nil},
		{"page", "/page/webhooks/index", 200, []string{`<h1 id="doc-title">Webhooks</h1>`, "Contents",
			`href="/page/webhooks/index?s=replay-protection"`, `href="/page/webhooks/events"`, "Siblings",
			`<span class="hl-s">&#34;lantern-sdk&#34;</span>`}, []string{`href="/webhooks/events"`}},
		{"section", "/page/webhooks/index?s=retries", 200, []string{"exponential backoff", `href="/page/webhooks/index">whole page</a>`,
			`<span class="hl-c"># list the deliveries that are still being retried</span>`, "Parent"}, []string{"Add the endpoint URL in the console"}},
		{"page by URL path", "/page/auth", 200, []string{`<h1 id="doc-title">Authentication</h1>`}, nil},
		{"page unknown", "/page/webhooks/event", 404, []string{"Did you mean", `href="/page/webhooks/events"`}, nil},
		{"page traversal", "/page/..%2f..%2fetc/passwd", 400, []string{"are not allowed"}, []string{"root:"}},
		{"tree", "/docs", 200, []string{`href="/page/webhooks/index"`, `href="/docs?prefix=webhooks"`, "Event catalogue", "4 pages"}, nil},
		{"tree prefix", "/docs?prefix=webhooks", 200, []string{"Docs under <code>webhooks</code>", `href="/page/webhooks/events"`}, []string{"Authentication"}},
		{"tree unknown", "/docs?prefix=nope", 404, []string{"is not a folder or page"}, nil},
		{"changelog", "/changelog", 200, []string{"3 entries, newest first", "Webhook replay protection"}, nil},
		{"changelog since", "/changelog?since=2026-01-01", 200, []string{"2 entries"}, []string{"Lantern 1.0"}},
		{"changelog bad date", "/changelog?since=yesterday", 400, []string{"is not a date"}, nil},
		{"eval list", "/eval", 200, []string{`href="/eval/report-0.2.0"`, "Retrieval evaluation: corpus 0.2.0"}, nil},
		{"eval report", "/eval/report-0.2.0", 200, []string{`<img src="report-0.2.0-recall.svg"`, "<table>", "page Recall@5", "<details><summary>"}, nil},
		{"eval unknown", "/eval/report-nope", 404, []string{"no such report"}, nil},
		{"eval not a report", "/eval/..%2fgo.mod", 404, nil, []string{"module"}},
		{"not found", "/wp-admin", 404, []string{"There is no page here."}, nil},
		{"healthz stays", "/healthz", 200, []string{`"status":"ok"`}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, body := get(t, ts, "GET", tc.path, nil, nil)
			checkPage(t, res, body, tc.status, tc.want, tc.not)
			if strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
				if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "unsafe") {
					t.Errorf("Content-Security-Policy %q", csp)
				}
				if strings.Contains(strings.ToLower(body), "<script") {
					t.Errorf("page holds a script element")
				}
			}
		})
	}
}

// checkPage checks a response's status and that its body holds every
// string of want and none of not.
func checkPage(t *testing.T, res *http.Response, body string, status int, want, not []string) {
	t.Helper()
	if res.StatusCode != status {
		t.Errorf("status %d, want %d\n%s", res.StatusCode, status, body)
	}
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("body lacks %q", w)
		}
	}
	for _, n := range not {
		if strings.Contains(body, n) {
			t.Errorf("body holds %q", n)
		}
	}
}

// TestLibraries: with several libraries served, search has a library
// picker and every link names its library.
func TestLibraries(t *testing.T) {
	ts := startSite(t, fixtureServer(t, lantern, guide), "")
	tests := []struct {
		name, path string
		status     int
		want       []string
	}{
		{"pickers and health", "/", 200, []string{`<label for="library">Library</label>`, `<option value="" selected>all libraries</option>`,
			`<option value="lantern">lantern local</option>`, `<option value="guide">guide 2.1</option>`, "Docs <strong>guide 2.1</strong>", "Docs <strong>lantern local</strong>"}},
		{"search one library", "/?q=verify+the+webhook+signature&library=lantern", 200, []string{
			`href="/page/lantern:webhooks/index?s=verify-the-signature"`, "target <code>lantern:webhooks/index#verify-the-signature</code></p>",
			`<option value="lantern" selected>`}},
		{"search all", "/?q=configure+the+proxy", 200, []string{`href="/page/guide:start/install"`, "guide 2.1"}},
		{"search unknown library", "/?q=proxy&library=react", 400, []string{`unknown library &#34;react&#34;`}},
		{"page of a library", "/page/lantern:webhooks/index", 200, []string{`href="/page/lantern:webhooks/index?s=retries"`, `href="/page/lantern:webhooks/events"`, "lantern local"}},
		{"section of a library", "/page/guide:start/install?s=configure-the-proxy", 200, []string{"settings file", `href="/page/guide:start/install">whole page</a>`}},
		{"bare path of one library", "/page/start/install", 200, []string{"target <code>guide:start/install</code>"}},
		{"libraries", "/docs", 200, []string{"2 libraries are served", `href="/docs?library=lantern"`, `href="/docs?library=guide"`}},
		{"one library's tree", "/docs?library=guide", 200, []string{`href="/page/guide:start/install"`, "All libraries"}},
		{"folder of a library", "/docs?library=lantern&prefix=webhooks", 200, []string{`href="/page/lantern:webhooks/events"`, `href="/docs?library=lantern"`}},
		{"changelog", "/changelog", 200, []string{"Webhook replay protection"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, body := get(t, ts, "GET", tc.path, nil, nil)
			checkPage(t, res, body, tc.status, tc.want, nil)
		})
	}
}

// TestMore: a full page of results links to the next, which leaves out
// what was shown, as ask's exclude does for an agent.
func TestMore(t *testing.T) {
	ts := startSite(t, fixtureServer(t), "")
	_, body := get(t, ts, "GET", "/?q=webhook+token+event&k=3", nil, nil)
	m := regexp.MustCompile(`<a href="([^"]+)" rel="next">`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no link to more results:\n%s", body)
	}
	first := regexp.MustCompile(`class="result-link" href="([^"]+)"`).FindAllStringSubmatch(body, -1)
	_, body = get(t, ts, "GET", html.UnescapeString(m[1]), nil, nil)
	if !strings.Contains(body, "Leaving out the 3 sections of the earlier pages") {
		t.Errorf("second page does not say what it leaves out")
	}
	second := regexp.MustCompile(`class="result-link" href="([^"]+)"`).FindAllStringSubmatch(body, -1)
	if len(second) == 0 {
		t.Fatal("second page has no results")
	}
	for _, a := range first {
		for _, b := range second {
			if a[1] == b[1] {
				t.Errorf("%s is on both pages", a[1])
			}
		}
	}
}

// TestChangelogOrder: the changelog shows the newest entry first.
func TestChangelogOrder(t *testing.T) {
	ts := startSite(t, fixtureServer(t), "")
	_, body := get(t, ts, "GET", "/changelog", nil, nil)
	var dates []string
	for _, m := range regexp.MustCompile(`<time datetime="([0-9-]+)">`).FindAllStringSubmatch(body, -1) {
		dates = append(dates, m[1])
	}
	if diff := cmp.Diff([]string{"2026-03-02", "2026-01-15", "2025-11-20"}, dates); diff != "" {
		t.Errorf("changelog dates (-want +got):\n%s", diff)
	}
}

// TestSameAsAgent: the search view lists exactly the sections, in the same
// order, that the ask tool gives an agent for the same input.
func TestSameAsAgent(t *testing.T) {
	srv := fixtureServer(t)
	ts := startSite(t, srv, "")
	for _, mode := range []string{"hybrid", "vector", "lexical", "grep"} {
		q := "rotate a workspace token"
		if mode == "grep" {
			q = "token"
		}
		a, err := srv.Ask(context.Background(), server.AskInput{Question: q, Mode: mode})
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, r := range a.Results {
			want = append(want, targetURL(r.Target))
		}
		_, body := get(t, ts, "GET", "/?"+url.Values{"q": {q}, "mode": {mode}}.Encode(), nil, nil)
		var got []string
		for _, m := range regexp.MustCompile(`class="result-link" href="([^"]+)"`).FindAllStringSubmatch(body, -1) {
			got = append(got, strings.ReplaceAll(m[1], "&amp;", "&"))
		}
		if len(want) == 0 {
			t.Errorf("%s: the agent got no results; the test needs some", mode)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: results differ from the agent's (-agent +page):\n%s", mode, diff)
		}
	}
}

// TestEscaping: text from docs never becomes markup.
func TestEscaping(t *testing.T) {
	ts := startSite(t, fixtureServer(t), "")
	for _, path := range []string{"/page/security/escaping", "/?q=script+element+pwned&mode=lexical", "/docs", "/page/security/escaping?s=the-script-element"} {
		res, body := get(t, ts, "GET", path, nil, nil)
		if res.StatusCode != 200 {
			t.Fatalf("%s: status %d", path, res.StatusCode)
		}
		low := strings.ToLower(body)
		for _, bad := range []string{"<script", "<img src=\"x\"", "onerror=", "javascript:"} {
			if strings.Contains(low, bad) {
				t.Errorf("%s: body holds %q", path, bad)
			}
		}
		if !strings.Contains(body, "&lt;script&gt;") {
			t.Errorf("%s: the <script> of the doc is not shown as text", path)
		}
	}
}

func TestMarkdownRawHTML(t *testing.T) {
	tests := []struct {
		name, md string
		details  bool
		want     string
	}{
		{"block", "<script>alert(1)</script>\n", false, "<pre class=\"raw-html\">&lt;script&gt;alert(1)&lt;/script&gt;\n</pre>\n"},
		{"inline", "a <b onclick=\"x()\">b</b>", false, "<p>a <code class=\"raw-html\">&lt;b onclick=&#34;x()&#34;&gt;</code>b<code class=\"raw-html\">&lt;/b&gt;</code></p>\n"},
		{"details kept in reports", "<details><summary>misses</summary>\n\n| a |\n| - |\n| 1 |\n\n</details>\n", true,
			"<details><summary>misses</summary>\n<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n</tr>\n</tbody>\n</table>\n</details>\n"},
		{"details only", "<details><script>x</script>\n", true, "<details>&lt;script&gt;x&lt;/script&gt;\n"},
		{"dangerous link", "[x](javascript:alert(1))", false, "<p><a href=\"\">x</a></p>\n"},
		{"image of another site is a link", "![A chart](https://cdn.example/c.png?a=1&b=2)", false,
			"<p><a class=\"image-link\" href=\"https://cdn.example/c.png?a=1&amp;b=2\" rel=\"noopener noreferrer\">[image: A chart]</a></p>\n"},
		{"image of this site", "![Recall@k](report-0.2.0-recall.svg)", true, "<p><img src=\"report-0.2.0-recall.svg\" alt=\"Recall@k\"></p>\n"},
		{"script image", "![x](javascript:alert(1))", false, "<p><a class=\"image-link\" href=\"\" rel=\"noopener noreferrer\">[image: x]</a></p>\n"},
		{"docs link", "[events](/webhooks/events#lamp-lit)", false, "<p><a href=\"/page/webhooks/events?s=lamp-lit\">events</a></p>\n"},
		{"fence", "```go\nreturn \"<b>\" // c\n```\n", false, "<pre class=\"code\" data-lang=\"go\"><code><span class=\"hl-k\">return</span> <span class=\"hl-s\">&#34;&lt;b&gt;&#34;</span> <span class=\"hl-c\">// c</span>\n</code></pre>\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := string(newMarkdown(tc.details).HTML(tc.md))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestAuth: with a token, every view asks for it; the form sets a cookie
// holding a digest, never the token.
func TestAuth(t *testing.T) {
	const token = "s3cret-token-for-tests"
	ts := startSite(t, fixtureServer(t), token)

	res, body := get(t, ts, "GET", "/?q=webhooks", nil, nil)
	if res.StatusCode != 401 || !strings.Contains(body, `<input type="password" id="token" name="token"`) || strings.Contains(body, "Verify the signature") {
		t.Fatalf("no token: status %d, want 401 and the login form only:\n%s", res.StatusCode, body)
	}
	if !strings.Contains(body, `name="next" value="/?q=webhooks"`) {
		t.Errorf("login form does not come back to the question")
	}
	for _, path := range []string{"/page/webhooks/index", "/docs", "/changelog", "/eval", "/eval/report-0.2.0-recall.svg"} {
		if res, _ := get(t, ts, "GET", path, nil, nil); res.StatusCode != 401 {
			t.Errorf("%s without token: status %d, want 401", path, res.StatusCode)
		}
	}
	if res, _ := get(t, ts, "GET", "/static/style.css", nil, nil); res.StatusCode != 200 {
		t.Errorf("stylesheet: status %d", res.StatusCode)
	}

	form := func(tok, next string) io.Reader {
		return strings.NewReader(url.Values{"token": {tok}, "next": {next}}.Encode())
	}
	hdr := http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}
	res, body = get(t, ts, "POST", "/login", form("wrong", "/"), hdr)
	if res.StatusCode != 401 || !strings.Contains(body, "is not the server") || len(res.Cookies()) != 0 {
		t.Errorf("wrong token: status %d, cookies %v", res.StatusCode, res.Cookies())
	}
	res, _ = get(t, ts, "POST", "/login", form(token, "//evil.example/"), hdr)
	if loc := res.Header.Get("Location"); res.StatusCode != 303 || loc != "/" {
		t.Errorf("login with an off-site next: status %d, Location %q, want 303 to /", res.StatusCode, loc)
	}
	res, _ = get(t, ts, "POST", "/login", form(token, "/docs"), hdr)
	if res.StatusCode != 303 || res.Header.Get("Location") != "/docs" {
		t.Fatalf("login: status %d, Location %q", res.StatusCode, res.Header.Get("Location"))
	}
	var session *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == sessionCookie {
			session = c
		}
	}
	if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteStrictMode || strings.Contains(session.Value, token) || session.Value == "" {
		t.Fatalf("session cookie %+v: want HttpOnly, SameSite=Strict, not holding the token", session)
	}
	res, body = get(t, ts, "GET", "/?q=verify+the+webhook+signature", nil, http.Header{"Cookie": {session.String()}})
	if res.StatusCode != 200 || !strings.Contains(body, "Verify the signature") || strings.Contains(body, token) {
		t.Errorf("with the cookie: status %d", res.StatusCode)
	}
	if res, _ := get(t, ts, "GET", "/docs", nil, http.Header{"Authorization": {"Bearer " + token}}); res.StatusCode != 200 {
		t.Errorf("with the bearer token: status %d", res.StatusCode)
	}
	if res, _ := get(t, ts, "GET", "/docs", nil, http.Header{"Cookie": {sessionCookie + "=" + token}}); res.StatusCode != 401 {
		t.Errorf("the token itself as the cookie: status %d, want 401", res.StatusCode)
	}
	// The cookie is for the page only: /mcp still wants the bearer token.
	res, _ = get(t, ts, "POST", "/mcp", strings.NewReader(`{}`), http.Header{"Cookie": {session.String()}, "Content-Type": {"application/json"}})
	if res.StatusCode != 401 {
		t.Errorf("/mcp with the cookie: status %d, want 401", res.StatusCode)
	}
}

// TestHostOrigin: the page sits behind the server's DNS-rebinding checks.
func TestHostOrigin(t *testing.T) {
	ts := startSite(t, fixtureServer(t), "")
	req, _ := http.NewRequest("GET", ts.URL+"/", nil)
	req.Host = "evil.example"
	res, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 403 {
		t.Errorf("foreign Host: status %d, want 403", res.StatusCode)
	}
	res, _ = get(t, ts, "POST", "/login", strings.NewReader("token=x"), http.Header{"Origin": {"https://evil.example"}, "Content-Type": {"application/x-www-form-urlencoded"}})
	if res.StatusCode != 403 {
		t.Errorf("foreign Origin: status %d, want 403", res.StatusCode)
	}
}

// TestNoUI: without a UI (--no-ui) only /mcp and /healthz are served.
func TestNoUI(t *testing.T) {
	ts := httptest.NewServer(fixtureServer(t).Handler(server.HTTPConfig{}))
	defer ts.Close()
	if res, _ := get(t, ts, "GET", "/", nil, nil); res.StatusCode != 404 {
		t.Errorf("GET / without UI: status %d, want 404", res.StatusCode)
	}
}
