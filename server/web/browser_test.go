package web

import (
	"context"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The browser tests drive a real headless Chromium (chromedp, over the
// DevTools protocol) against the page served over the fixture docs, and
// assert on the DOM, not on pixels. They are skipped when no Chromium is
// installed, unless DOCSEEK_REQUIRE_BROWSER is set (make test installs
// Debian's chromium and sets it). Screenshots go to a temporary directory,
// or to DOCSEEK_SCREENSHOTS (make screenshots writes docs/ that way).

// findBrowser returns the Chromium to drive: $DOCSEEK_CHROMIUM, or the
// first of the usual names on PATH.
func findBrowser(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("DOCSEEK_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("DOCSEEK_REQUIRE_BROWSER") != "" {
		t.Fatal("no Chromium found (DOCSEEK_REQUIRE_BROWSER is set): install Debian's chromium or set DOCSEEK_CHROMIUM")
	}
	t.Skip("no Chromium found: install Debian's chromium (make test does) to run the browser tests")
	return ""
}

// newTab starts a headless browser for the test and returns a tab in it.
func newTab(t *testing.T, browser string) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(browser),
		chromedp.NoSandbox, // make test runs as root, where Chromium's sandbox cannot start
		chromedp.WindowSize(1280, 860),
	)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	t.Cleanup(cancel)
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancelTab := chromedp.NewContext(ctx)
	t.Cleanup(cancelTab)
	return ctx
}

// shooter saves PNG screenshots of the tab under dir.
type shooter struct {
	t   *testing.T
	dir string
}

func newShooter(t *testing.T) shooter {
	dir := os.Getenv("DOCSEEK_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return shooter{t, dir}
}

func (s shooter) shoot(ctx context.Context, name string) {
	s.t.Helper()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		s.t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(s.dir, "screenshot-"+name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		s.t.Fatal(err)
	}
	s.t.Logf("screenshot: %s", path)
}

// must fails the test on an error of the browser.
func must[T any](t *testing.T, what string) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return v
	}
}

func do(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func evalJS[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	return must[T](t, js)(chromedp.Run(ctx, chromedp.Evaluate[T](js)))
}

// TestBrowser walks the page as a person would, with JavaScript off for
// the search and page views (they must not need it): ask by keyboard, see
// linked results, open one, follow a section link, read an evaluation
// report, and see a doc's <script> shown as text.
func TestBrowser(t *testing.T) {
	browser := findBrowser(t)
	start := time.Now()
	ts := startSite(t, fixtureServer(t), "")
	shots := newShooter(t)
	ctx := newTab(t, browser)

	// Search and page views work without JavaScript.
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatalf("disable JavaScript: %v", err)
	}
	const question = "how do I verify a webhook signature"
	do(t, ctx, "search by keyboard",
		chromedp.Navigate(ts.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS("#q")),
		chromedp.KeyEvent(question), // the question box has the focus on arrival
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(chromedp.CSS("ol.results")),
	)
	loc := must[string](t, "location")(chromedp.Run(ctx, chromedp.Location()))
	if u, err := url.Parse(loc); err != nil || u.Query().Get("q") != question {
		t.Errorf("results URL %q does not hold the question (not shareable)", loc)
	}
	links := must[[]map[string]string](t, "result links")(chromedp.Run(ctx, chromedp.AttributesAll(chromedp.CSSAll("a.result-link"))))
	if len(links) == 0 || links[0]["href"] != "/page/webhooks/index?s=verify-the-signature" {
		t.Fatalf("result links %v: want the signature section first", links)
	}
	why := must[string](t, "why")(chromedp.Run(ctx, chromedp.Text(chromedp.CSS("li.result .why"))))
	if !strings.Contains(why, "vector rank") || !strings.Contains(why, "fused score") {
		t.Errorf("first result's ranking reasons: %q", why)
	}
	if n := len(must[[]map[string]string](t, "highlighted code")(chromedp.Run(ctx, chromedp.AttributesAll(chromedp.CSSAll("li.result .hl-k"))))); n == 0 {
		t.Errorf("no highlighted keywords in the results' code")
	}
	shots.shoot(ctx, "search")

	do(t, ctx, "open the first result", chromedp.Click(chromedp.CSS("a.result-link")), chromedp.WaitVisible(chromedp.CSS("#doc-title")))
	if loc := must[string](t, "location")(chromedp.Run(ctx, chromedp.Location())); !strings.HasSuffix(loc, "/page/webhooks/index?s=verify-the-signature") {
		t.Errorf("opened %q", loc)
	}
	if text := must[string](t, "section text")(chromedp.Run(ctx, chromedp.Text(chromedp.CSS("article.doc")))); !strings.Contains(text, "constant time") {
		t.Errorf("section view lacks its text: %q", text)
	}

	do(t, ctx, "open the whole page", chromedp.Click(chromedp.CSS(`a[href="/page/webhooks/index"]`)), chromedp.WaitVisible(chromedp.CSS("ul.toc")))
	shots.shoot(ctx, "page")
	do(t, ctx, "follow a section link", chromedp.Click(chromedp.CSS(`ul.toc a[href$="s=retries"]`)), chromedp.WaitVisible(chromedp.CSS("#doc-title")))
	if text := must[string](t, "retries section")(chromedp.Run(ctx, chromedp.Text(chromedp.CSS("article.doc")))); !strings.Contains(text, "exponential backoff") || strings.Contains(text, "Add the endpoint URL") {
		t.Errorf("section link did not open the Retries section alone: %q", text)
	}

	// JavaScript on from here: to look into the page, and so that a script
	// slipped into it would run and be caught.
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false}); err != nil {
		t.Fatalf("enable JavaScript: %v", err)
	}
	t.Run("keyboard", func(t *testing.T) {
		do(t, ctx, "tab", chromedp.Navigate(ts.URL+"/docs"), chromedp.WaitVisible(chromedp.CSS("ul.tree")), chromedp.KeyEvent(kb.Tab))
		if got := evalJS[string](t, ctx, `document.activeElement.textContent`); got != "Skip to content" {
			t.Errorf("first Tab focuses %q, want the skip link", got)
		}
		labels := evalJS[int](t, ctx, `[...document.querySelectorAll("input:not([type=hidden]), select")].filter(e => !e.labels || e.labels.length === 0).length`)
		do(t, ctx, "home", chromedp.Navigate(ts.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#q")))
		labels += evalJS[int](t, ctx, `[...document.querySelectorAll("input:not([type=hidden]), select")].filter(e => !e.labels || e.labels.length === 0).length`)
		if labels != 0 {
			t.Errorf("%d form fields without a label", labels)
		}
	})

	t.Run("eval report", func(t *testing.T) {
		do(t, ctx, "open a report",
			chromedp.Navigate(ts.URL+"/eval"),
			chromedp.Click(chromedp.CSS(`a[href="/eval/report-0.2.0"]`)),
			chromedp.WaitVisible(chromedp.CSS("article.report table")),
		)
		ok := evalJS[bool](t, ctx, `(() => { const i = document.querySelector("article.report img"); return !!i && i.complete && i.naturalWidth > 0; })()`)
		if !ok {
			t.Errorf("the Recall@k chart did not load")
		}
		if text := must[string](t, "report")(chromedp.Run(ctx, chromedp.Text(chromedp.CSS("article.report")))); !strings.Contains(text, "page Recall@5") {
			t.Errorf("report lacks its table")
		}
	})

	t.Run("escaping", func(t *testing.T) {
		for _, path := range []string{"/page/security/escaping", "/?q=script+element+pwned&mode=lexical"} {
			do(t, ctx, path, chromedp.Navigate(ts.URL+path), chromedp.WaitVisible(chromedp.CSS("main")))
			if got := evalJS[string](t, ctx, `typeof window.pwned`); got != "undefined" {
				t.Errorf("%s: a script from the doc ran (window.pwned is %s)", path, got)
			}
			if n := evalJS[int](t, ctx, `document.scripts.length + document.querySelectorAll("[onerror], img[src=x]").length`); n != 0 {
				t.Errorf("%s: %d script or handler elements in the page", path, n)
			}
			if text := evalJS[string](t, ctx, `document.querySelector("main").innerText`); !strings.Contains(text, "<script>window.pwned = 2</script>") {
				t.Errorf("%s: the doc's <script> is not shown as text:\n%s", path, text)
			}
		}
	})

	t.Run("token prompt", func(t *testing.T) {
		const token = "browser-test-token"
		ts := startSite(t, fixtureServer(t), token)
		do(t, ctx, "ask without the token",
			chromedp.Navigate(ts.URL+"/?q=rotate+a+token"),
			chromedp.WaitVisible(chromedp.CSS("#token")),
		)
		if n := evalJS[int](t, ctx, `document.querySelectorAll("ol.results").length`); n != 0 {
			t.Fatalf("results shown before the token was given")
		}
		// The token box has the focus on arrival.
		do(t, ctx, "a wrong token", chromedp.KeyEvent("wrong"), chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(chromedp.CSS("p.error")))
		shots.shoot(ctx, "login")
		do(t, ctx, "the token", chromedp.SendKeys(chromedp.CSS("#token"), token+kb.Enter), chromedp.WaitVisible(chromedp.CSS("ol.results")))
		loc := must[string](t, "location")(chromedp.Run(ctx, chromedp.Location()))
		if !strings.Contains(loc, "q=rotate+a+token") || strings.Contains(loc, token) {
			t.Errorf("after sign-in: %q (want the question back, never the token)", loc)
		}
		if c := evalJS[string](t, ctx, `document.cookie`); c != "" {
			t.Errorf("the session cookie is readable by script: %q", c)
		}
	})
	t.Logf("browser tests took %v", time.Since(start).Round(time.Millisecond))
}
