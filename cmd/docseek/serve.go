package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"github.com/docseek/docseek/catalog"
	"github.com/docseek/docseek/server"
	"github.com/docseek/docseek/server/web"
)

// serveConfig is what `docseek serve` is asked to do.
type serveConfig struct {
	common       commonFlags
	httpAddr     string   // --http: serve streamable HTTP here instead of stdio
	authToken    string   // --auth-token, $DOCSEEK_AUTH_TOKEN
	printConfig  bool     // --print-config
	allowOrigins []string // --allow-origin (comma-separated)
	allowHosts   []string // --allow-host (comma-separated)
	noUI         bool     // --no-ui: no web page at / on HTTP
}

// runServe serves the docs over MCP: stdio by default, streamable HTTP with
// --http. The index loads in the background so the MCP handshake is
// answered at once; tools answer from a keyword index within a second and
// from the full index once it is loaded.
func runServe(ctx context.Context, args []string, s stdio) error {
	var (
		cfg            serveConfig
		origins, hosts string
		fs             = flag.NewFlagSet("serve", flag.ContinueOnError)
	)
	fs.SetOutput(s.err)
	cfg.common.register(fs)
	fs.StringVar(&cfg.httpAddr, "http", "", "serve streamable HTTP at ADDR (e.g. 127.0.0.1:8080; endpoint /mcp) instead of stdio; a bare :PORT binds loopback")
	fs.StringVar(&cfg.authToken, "auth-token", os.Getenv("DOCSEEK_AUTH_TOKEN"), "require \"Authorization: Bearer TOKEN\" on HTTP (default $DOCSEEK_AUTH_TOKEN)")
	fs.BoolVar(&cfg.printConfig, "print-config", false, "print the server URL and client configuration snippets to stderr")
	fs.StringVar(&origins, "allow-origin", "", "comma-separated browser origins allowed on HTTP besides localhost")
	fs.BoolVar(&cfg.noUI, "no-ui", false, "with --http, do not serve the web page at / (only /mcp and /healthz)")
	fs.StringVar(&hosts, "allow-host", "", "comma-separated Host header values allowed on HTTP besides localhost (for a non-loopback --http address)")
	fs.Usage = func() {
		fmt.Fprintln(s.err, "usage: docseek serve [--http ADDR] [--auth-token TOKEN] [--print-config] [flags]\n\n"+
			"Serves the docs over MCP on stdio (default) or streamable HTTP (--http).\n\nflags:")
		fs.PrintDefaults()
	}
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if e := cfg.common.Embedder; e == "" || e == "local" {
		// A model folder named by --model-dir or $DOCSEEK_MODEL_DIR, or
		// installed next to the binary, that is damaged fails the start:
		// serving keywords only would hide a broken install.
		if _, err := findModel(&cfg.common); err != nil {
			return err
		}
	}
	cfg.allowOrigins = splitList(origins)
	cfg.allowHosts = splitList(hosts)
	if os.Getenv("GOMEMLIMIT") == "" {
		// A long-running server holds ~175 MB live (90 MB of model weights);
		// with the default GOGC the heap would grow to twice that before a
		// collection. A soft limit keeps resident memory under the 300 MB
		// target at the cost of a few more collections. GOMEMLIMIT overrides.
		debug.SetMemoryLimit(serveMemoryLimit)
	}
	return serve(ctx, cfg, s)
}

// loadStopTimeout bounds how long serve waits, once asked to stop, for the
// background load to notice.
const loadStopTimeout = 5 * time.Second

// serveMemoryLimit is serve's soft memory limit unless GOMEMLIMIT is set.
const serveMemoryLimit = 230 << 20

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// serve loads the index in the background and serves until ctx is done (or
// stdin ends, on stdio).
func serve(ctx context.Context, cfg serveConfig, s stdio) error {
	logger := cfg.common.logger(s.err)
	cc, err := cfg.common.catalogConfig(logger, s.err)
	if err != nil {
		return err
	}
	cat, err := catalog.New(cc)
	if err != nil {
		return usagef("%v", err)
	}
	srv, _ := server.NewPending(server.Config{Name: "docseek", Version: buildVersion(), Logger: logger, Catalog: cat})
	// ask, fetch and list answer from the catalog; changelog and workos_*
	// from its primary library, by keywords until its vectors are loaded.
	loading := srv.LoadInBackground(ctx, cat)
	defer func() {
		if err := loading.Stop(loadStopTimeout); err != nil {
			logger.Warn("exiting anyway", "err", err)
		}
	}()

	if cfg.httpAddr == "" {
		if cfg.printConfig {
			printStdioConfig(s.err, cfg)
		}
		logger.Info("serving MCP on stdio")
		return srv.ServeStdio(ctx, s.in, s.out)
	}
	return serveHTTP(ctx, srv, cfg, logger, s)
}

func serveHTTP(ctx context.Context, srv *server.Server, cfg serveConfig, logger *slog.Logger, s stdio) error {
	ln, hc, err := srv.Listen(cfg.httpAddr, server.HTTPConfig{
		AuthToken:      cfg.authToken,
		AllowedOrigins: cfg.allowOrigins,
		AllowedHosts:   cfg.allowHosts,
	})
	if errors.Is(err, server.ErrBadAddr) {
		return usagef("--http %q: want HOST:PORT, e.g. 127.0.0.1:8080", cfg.httpAddr)
	}
	if err != nil {
		return err
	}
	if !cfg.noUI {
		ui, err := web.New(srv, web.Config{AuthToken: cfg.authToken, Logger: logger})
		if err != nil {
			_ = ln.Close()
			return err
		}
		hc.UI = ui
	}
	url := "http://" + ln.Addr().String() + server.MCPPath
	logger.Info("serving MCP over streamable HTTP", "url", url, "auth", cfg.authToken != "")
	if !cfg.noUI {
		logger.Info("serving the web page", "url", "http://"+ln.Addr().String()+"/")
	}
	if cfg.printConfig {
		printHTTPConfig(s.err, url, cfg)
	}
	return srv.Serve(ctx, ln, hc)
}

// stdioCommand is how a client starts this binary on stdio with the same
// data flags (paths made absolute: clients start it from elsewhere).
func stdioCommand(cfg serveConfig) []string {
	exe, err := os.Executable()
	if err != nil {
		exe = "docseek"
	}
	cmd := []string{exe, "serve"}
	abs := func(p string) string {
		if a, err := filepath.Abs(p); err == nil {
			return a
		}
		return p
	}
	c := cfg.common
	for _, f := range []struct{ flag, value, def string }{
		{"--docs", c.Docs, ""}, {"--base-url", c.BaseURL, ""}, {"--data-dir", c.DataDir, ""},
		{"--corpus-version", c.CorpusVersion, defaultCorpusVersion}, {"--model", c.Model, defaultModel},
		{"--embedder", c.Embedder, "local"}, {"--openai-base-url", c.OpenAIBaseURL, ""},
	} {
		if f.value == "" || f.value == f.def {
			continue
		}
		if f.flag == "--docs" || f.flag == "--data-dir" {
			f.value = abs(f.value)
		}
		cmd = append(cmd, f.flag, f.value)
	}
	return cmd
}

// printStdioConfig prints how clients start this server on stdio.
func printStdioConfig(w io.Writer, cfg serveConfig) {
	_ = server.WriteClientSetup(w, server.ClientSetup{Command: stdioCommand(cfg)})
}

// printHTTPConfig prints how clients reach this server at url.
func printHTTPConfig(w io.Writer, url string, cfg serveConfig) {
	cs := server.ClientSetup{Command: stdioCommand(cfg), URL: url}
	if cfg.authToken != "" {
		cs.TokenEnv = "DOCSEEK_AUTH_TOKEN"
	}
	if cfg.noUI {
		cs.Page = "off (--no-ui)"
	}
	_ = server.WriteClientSetup(w, cs)
}
