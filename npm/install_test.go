// Package npm_test installs the npm packages `make dist` generates, as a
// new user would, and drives the result with a real MCP client over stdio.
// It runs under `make dist-test` (part of `make test`), which builds the
// host's packages and sets DOCSEEK_DIST_DIR; elsewhere it skips.
package npm_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/server"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// install is an npm prefix holding docseek installed from dist's tarballs.
type install struct {
	prefix   string   // the npm prefix
	platform string   // e.g. "linux-x64"
	pkgDir   string   // node_modules/@docseek/<platform>
	binary   string   // the docseek binary in it
	version  string   // the packages' version
	env      []string // HOME empty, PATH with node, npm, npx and sh only
	home     string
}

// nodePlatform maps Go's GOOS/GOARCH to npm's os-cpu key.
func nodePlatform() string {
	os, arch := runtime.GOOS, runtime.GOARCH
	if os == "windows" {
		os = "win32"
	}
	if arch == "amd64" {
		arch = "x64"
	}
	return os + "-" + arch
}

func setup(t *testing.T) *install {
	t.Helper()
	dist := os.Getenv("DOCSEEK_DIST_DIR")
	if dist == "" {
		t.Skip("DOCSEEK_DIST_DIR is not set: run `make dist-test`")
	}
	if runtime.GOOS != "linux" {
		t.Skip("checks processes through /proc: linux only")
	}
	var pj struct {
		Version              string            `json:"version"`
		Dependencies         map[string]string `json:"dependencies"`
		OptionalDependencies map[string]string `json:"optionalDependencies"`
	}
	b, err := os.ReadFile(filepath.Join(dist, "npm", "docseek", "package.json"))
	if err != nil {
		t.Fatalf("no generated docseek package (run make dist-host): %v", err)
	}
	if err := json.Unmarshal(b, &pj); err != nil {
		t.Fatal(err)
	}
	in := &install{prefix: t.TempDir(), platform: nodePlatform(), version: pj.Version, home: t.TempDir()}
	if got := pj.Dependencies[corpus.NPMPackage]; got != corpus.DefaultNPMVersion {
		t.Errorf("docseek depends on %s %q, want exactly %q", corpus.NPMPackage, got, corpus.DefaultNPMVersion)
	}
	if len(pj.OptionalDependencies) != 5 {
		t.Errorf("optionalDependencies = %v, want the 5 platforms", pj.OptionalDependencies)
	}
	tarballs := []string{
		filepath.Join(dist, "npm", "docseek-"+pj.Version+".tgz"),
		filepath.Join(dist, "npm", "docseek-"+in.platform+"-"+pj.Version+".tgz"),
	}
	// npm reaches the registry only for @workos/mcp-docs-server and its
	// dependencies; its cache lives in a HOME of its own.
	cmd := exec.Command("npm", append([]string{"install", "--prefix", in.prefix, "--no-audit", "--no-fund", "--no-update-notifier"}, tarballs...)...)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("npm install: %v\n%s", err, out)
	}
	in.pkgDir = filepath.Join(in.prefix, "node_modules", "@docseek", in.platform)
	in.binary = filepath.Join(in.pkgDir, "docseek")

	// The binary sees node, npm, npx and sh on PATH, nothing else: no Go,
	// no pip, and a HOME with no data dir.
	bin := t.TempDir()
	for _, name := range []string{"node", "npm", "npx", "sh"} {
		p, err := exec.LookPath(name)
		if err != nil {
			t.Fatal(err)
		}
		if p, err = filepath.EvalSymlinks(p); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(p, filepath.Join(bin, name)); err != nil {
			t.Fatal(err)
		}
	}
	in.env = []string{"HOME=" + in.home, "PATH=" + bin, "LANG=C.UTF-8"}
	return in
}

// npx returns the command `npx --prefix PREFIX docseek args...`.
func (in *install) npx(ctx context.Context, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, "npx", append([]string{"--prefix", in.prefix, "docseek"}, args...)...)
	cmd.Env = in.env
	return cmd
}

// binaryRunning reports whether a process runs the installed binary.
func (in *install) binaryRunning() bool {
	procs, _ := filepath.Glob("/proc/[0-9]*/exe")
	for _, p := range procs {
		if exe, err := os.Readlink(p); err == nil && exe == in.binary {
			return true
		}
	}
	return false
}

// waitBinaryGone fails t unless the binary's processes end within a
// generous bound (a hang, not a slow exit, is what it catches).
func (in *install) waitBinaryGone(t *testing.T, after string) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if !in.binaryRunning() {
			return
		}
	}
	t.Errorf("the docseek binary still runs 20 s after %s", after)
}

func TestNPMInstall(t *testing.T) {
	in := setup(t)
	ctx := t.Context()

	t.Run("version --json", func(t *testing.T) {
		out, err := in.npx(ctx, "version", "--json").Output()
		if err != nil {
			t.Fatalf("npx docseek version --json: %v", stderrOf(err))
		}
		var v struct {
			Version, Commit, Kernels string
			Model                    struct {
				Dir, Source string
				Present     bool
			}
			Docs []struct {
				Version, Dir, Source, Integrity string
			}
			Bundles []struct{ Name string }
		}
		if err := json.Unmarshal(out, &v); err != nil {
			t.Fatalf("%v in %s", err, out)
		}
		t.Logf("version %s commit %s kernels %s", v.Version, v.Commit, v.Kernels)
		if v.Version != in.version || v.Commit == "" || v.Kernels == "" {
			t.Errorf("version, commit, kernels = %q, %q, %q; want version %q", v.Version, v.Commit, v.Kernels, in.version)
		}
		if !v.Model.Present || !strings.HasPrefix(v.Model.Dir, in.pkgDir+string(filepath.Separator)) {
			t.Errorf("model = %+v, want it present in %s", v.Model, in.pkgDir)
		}
		pin, _ := corpus.Integrity(corpus.DefaultNPMVersion)
		found := false
		for _, d := range v.Docs {
			if d.Version == corpus.DefaultNPMVersion {
				found = true
				if !strings.HasPrefix(d.Dir, filepath.Join(in.prefix, "node_modules", "@workos", "mcp-docs-server")) || d.Integrity != pin {
					t.Errorf("docs %s = %+v, want npm's @workos/mcp-docs-server with integrity %s", d.Version, d, pin)
				}
			}
		}
		if !found || len(v.Bundles) == 0 {
			t.Errorf("docs = %+v, bundles = %+v", v.Docs, v.Bundles)
		}
	})

	t.Run("MCP over stdio, then SIGTERM", func(t *testing.T) {
		var stderr strings.Builder
		cmd := in.npx(ctx, "serve")
		cmd.Stderr = &stderr
		start := time.Now()
		client := mcp.NewClient(&mcp.Implementation{Name: "npm-install-test", Version: "1"}, nil)
		session, err := client.Connect(ctx, &mcp.CommandTransport{Command: cmd, TerminateDuration: 20 * time.Second}, nil)
		if err != nil {
			t.Fatalf("connect to npx docseek serve: %v\n%s", err, stderr.String())
		}
		defer session.Close()
		tools, err := session.ListTools(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		names := map[string]bool{}
		for _, tool := range tools.Tools {
			names[tool.Name] = true
		}
		for _, want := range []string{"ask", "fetch", "list", "changelog", "workos_search", "workos_docs", "workos_changelogs", "workos_examples"} {
			if !names[want] {
				t.Errorf("tools/list lacks %s", want)
			}
		}

		res, err := session.CallTool(ctx, &mcp.CallToolParams{Name: "ask", Arguments: map[string]any{"question": "how do I invite a user to an organization?"}})
		if err != nil {
			t.Fatal(err)
		}
		firstAnswer := time.Since(start)
		var ask struct {
			Mode    string
			Results []struct{ URL, Path string }
		}
		b, _ := json.Marshal(res.StructuredContent)
		if err := json.Unmarshal(b, &ask); err != nil {
			t.Fatal(err)
		}
		// "hybrid" means the semantic index answered: while only the keyword
		// index serves, ask switches to "lexical" and says so.
		if res.IsError || ask.Mode != "hybrid" || len(ask.Results) == 0 || strings.Contains(server.Text(res), "keywords only") {
			t.Fatalf("ask: error %v, mode %q, %d results; want semantic (hybrid) results:\n%s\nstderr:\n%s", res.IsError, ask.Mode, len(ask.Results), server.Text(res), stderr.String())
		}
		for _, r := range ask.Results {
			if !strings.HasPrefix(r.URL, corpus.DefaultBaseURL+"/") {
				t.Errorf("result %s links to %q, want a %s link", r.Path, r.URL, corpus.DefaultBaseURL)
			}
		}
		if !strings.Contains(server.Text(res), corpus.DefaultBaseURL+"/") {
			t.Errorf("ask text has no source links:\n%s", server.Text(res))
		}
		t.Logf("npx start to first semantic answer: %v (top: %s)", firstAnswer.Round(time.Millisecond), ask.Results[0].URL)

		// As users of @workos/mcp-docs-server call it.
		res, err = session.CallTool(ctx, &mcp.CallToolParams{Name: "workos_search", Arguments: map[string]any{"query": "SSO authentication"}})
		if err != nil {
			t.Fatal(err)
		}
		if res.IsError || !strings.Contains(server.Text(res), "sso/") {
			t.Errorf("workos_search: error %v:\n%s", res.IsError, server.Text(res))
		}

		if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		in.waitBinaryGone(t, "SIGTERM to npx")
		for _, bad := range []string{"panic", "fetching docs", "downloading model", "level=ERROR"} {
			if strings.Contains(stderr.String(), bad) {
				t.Errorf("stderr holds %q:\n%s", bad, stderr.String())
			}
		}
	})

	t.Run("clean exit on stdin EOF", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
		defer cancel()
		cmd := in.npx(ctx, "serve")
		stdin, _ := cmd.StdinPipe()
		stdout, _ := cmd.StdoutPipe()
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintln(stdin, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"eof-test","version":"1"}}}`)
		line, err := bufio.NewReader(stdout).ReadString('\n')
		if err != nil || !strings.Contains(line, `"serverInfo"`) {
			t.Fatalf("initialize: %q, %v\n%s", line, err, stderr.String())
		}
		stdin.Close()
		if err := cmd.Wait(); err != nil { // killed by the context: a hang
			t.Fatalf("after stdin EOF: %v (want exit 0)\n%s", err, stderr.String())
		}
		in.waitBinaryGone(t, "stdin EOF")
	})

	// Broken installs: a clear error and a non-zero exit, never a hang or
	// a keyword-only server. stdin stays open, as a client would leave it.
	broken := func(t *testing.T, wants ...string) {
		t.Helper()
		ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
		defer cancel()
		cmd := in.npx(ctx, "serve")
		stdin, _ := cmd.StdinPipe()
		defer stdin.Close()
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 1 {
			t.Fatalf("serve on a broken install: %v (want exit status 1, not a hang)\nstderr:\n%s", err, stderr.String())
		}
		for _, want := range wants {
			if !strings.Contains(stderr.String(), want) {
				t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
			}
		}
		if stdout.Len() != 0 {
			t.Errorf("stdout = %q, want nothing (no MCP server)", stdout.String())
		}
	}

	t.Run("model ships float16 weights", func(t *testing.T) {
		dir := filepath.Join(in.pkgDir, "models", "all-MiniLM-L6-v2")
		b, err := os.ReadFile(filepath.Join(dir, ".docseek-model.json"))
		if err != nil {
			t.Fatal(err)
		}
		var marker struct {
			Float16Of *struct{ Size int64 } `json:"float16_of"`
		}
		if err := json.Unmarshal(b, &marker); err != nil || marker.Float16Of == nil {
			t.Fatalf("marker has no float16_of (%v): %s", err, b)
		}
		st, err := os.Stat(filepath.Join(dir, "model.safetensors"))
		if err != nil {
			t.Fatal(err)
		}
		if st.Size() > marker.Float16Of.Size*51/100 {
			t.Errorf("shipped weights are %d bytes, the float32 ones %d: want about half", st.Size(), marker.Float16Of.Size)
		}
	})

	t.Run("model damaged, same size", func(t *testing.T) {
		weights := filepath.Join(in.pkgDir, "models", "all-MiniLM-L6-v2", "model.safetensors")
		b, err := os.ReadFile(weights)
		if err != nil {
			t.Fatal(err)
		}
		b[len(b)-2] ^= 1
		if err := os.WriteFile(weights, b, 0o644); err != nil {
			t.Fatal(err)
		}
		// serve would keep answering by keywords, saying why in its log and
		// /healthz (a failed model load is not a start-up error there);
		// ask needs the model and fails.
		ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
		defer cancel()
		cmd := in.npx(ctx, "ask", "--mode", "hybrid", "verify webhook signatures")
		cmd.WaitDelay = 5 * time.Second
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Run(); err == nil || !strings.Contains(stderr.String(), "model.safetensors") || !strings.Contains(stderr.String(), "sha256") {
			t.Errorf("ask with damaged float16 weights: %v, want a sha256 error naming model.safetensors:\n%s", err, stderr.String())
		}
		b[len(b)-2] ^= 1
		if err := os.WriteFile(weights, b, 0o644); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("model truncated", func(t *testing.T) {
		weights := filepath.Join(in.pkgDir, "models", "all-MiniLM-L6-v2", "model.safetensors")
		st, err := os.Stat(weights)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Truncate(weights, st.Size()/2); err != nil {
			t.Fatal(err)
		}
		broken(t, "model.safetensors", "damaged", "reinstall")
	})

	t.Run("platform package missing", func(t *testing.T) {
		if err := os.RemoveAll(in.pkgDir); err != nil {
			t.Fatal(err)
		}
		broken(t, "@docseek/"+in.platform, "("+in.platform+")", "not installed")
	})

	// Nothing was fetched: the data dir in the empty HOME holds no docs or model.
	for _, sub := range []string{"corpus", "models"} {
		if _, err := os.Stat(filepath.Join(in.home, ".cache", "docseek", sub)); err == nil {
			t.Errorf("docseek fetched into %s", filepath.Join(in.home, ".cache", "docseek", sub))
		}
	}
}

// stderrOf adds a failed command's stderr to its error.
func stderrOf(err error) error {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return fmt.Errorf("%w\n%s", err, ee.Stderr)
	}
	return err
}
