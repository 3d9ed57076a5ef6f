package server

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// HTTPConfig configures the streamable HTTP transport. The zero value is
// usable: no token, loopback origins only, 1 MiB requests, 4 MiB responses,
// 60 s per request.
type HTTPConfig struct {
	// AuthToken, if set, is required as "Authorization: Bearer <token>" on
	// /mcp (401 otherwise). /healthz needs no token.
	AuthToken string
	// AllowedOrigins are browser origins ("https://app.example.com") allowed
	// besides localhost ones. Requests without an Origin header (non-browser
	// clients) are always allowed.
	AllowedOrigins []string
	// AllowedHosts are Host header values (host or host:port) allowed besides
	// localhost ones; requests naming any other host get 403 (DNS-rebinding
	// protection). Set it when serving on a non-loopback address.
	AllowedHosts []string
	// MaxBodyBytes limits a request body. Default 1 MiB.
	MaxBodyBytes int64
	// MaxResponseBytes limits the body of one /mcp response; a larger one
	// is replaced by a JSON-RPC error. Default 4 MiB.
	MaxResponseBytes int
	// RequestTimeout limits one request. Default 60 s.
	RequestTimeout time.Duration
	// ShutdownTimeout bounds the graceful shutdown. Default 10 s.
	ShutdownTimeout time.Duration
	// UI, if set, serves every path but /mcp and /healthz (the web page,
	// server/web), behind the same Host and Origin checks and time limit;
	// it does its own authentication. nil serves 404 there.
	UI http.Handler
}

func (c HTTPConfig) withDefaults() HTTPConfig {
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = 1 << 20
	}
	if c.MaxResponseBytes <= 0 {
		c.MaxResponseBytes = 4 << 20
	}
	if c.RequestTimeout <= 0 {
		c.RequestTimeout = 60 * time.Second
	}
	if c.ShutdownTimeout <= 0 {
		c.ShutdownTimeout = 10 * time.Second
	}
	return c
}

// MCPPath is where the streamable HTTP endpoint is served.
const MCPPath = "/mcp"

// Handler returns the HTTP handler: the MCP endpoint at /mcp (stateless
// streamable HTTP: no sessions to leak), /healthz and cfg.UI.
func (s *Server) Handler(cfg HTTPConfig) http.Handler {
	cfg = cfg.withDefaults()
	mcpHandler := mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return s.mcp }, &mcp.StreamableHTTPOptions{
		Stateless:           true,
		JSONResponse:        true,
		Logger:              slog.New(quieter{s.log.Handler()}),
		MaxRequestBodyBytes: cfg.MaxBodyBytes,
	})
	mux := http.NewServeMux()
	mux.Handle(MCPPath, requireToken(cfg.AuthToken, limitTime(cfg.RequestTimeout,
		guardMCP(cfg.MaxBodyBytes, cfg.MaxResponseBytes, s.log, mcpHandler))))
	mux.HandleFunc("GET /healthz", s.healthz)
	if cfg.UI != nil {
		mux.Handle("/", limitTime(cfg.RequestTimeout, cfg.UI))
	}
	return checkOrigin(cfg, mux)
}

// healthz reports 200 once the index is loaded ("ok") or while a
// provisional index answers ("degraded"), and 503 otherwise.
func (s *Server) healthz(w http.ResponseWriter, _ *http.Request) {
	ok, err := s.Ready()
	status, body := http.StatusOK, map[string]string{"status": "ok"}
	switch {
	case !ok && s.provisional() != nil:
		body = map[string]string{"status": "degraded", "serving": "keyword search only"}
		if err != nil {
			body["error"] = hidePaths(err.Error())
		}
	case err != nil:
		status, body = http.StatusServiceUnavailable, map[string]string{"status": "error", "error": hidePaths(err.Error())}
	case !ok:
		status, body = http.StatusServiceUnavailable, map[string]string{"status": "loading"}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// checkOrigin refuses (403) requests from browser origins or to host names
// other than localhost and the configured ones: a web page must not reach a
// local server through DNS rebinding.
func checkOrigin(cfg HTTPConfig, next http.Handler) http.Handler {
	origins := map[string]bool{}
	for _, o := range cfg.AllowedOrigins {
		origins[strings.ToLower(strings.TrimRight(o, "/"))] = true
	}
	hosts := map[string]bool{}
	for _, h := range cfg.AllowedHosts {
		hosts[strings.ToLower(h)] = true
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if h := strings.ToLower(r.Host); !hosts[h] && !isLoopbackHost(h) {
			http.Error(w, fmt.Sprintf("forbidden: host %q is not allowed", r.Host), http.StatusForbidden)
			return
		}
		if o := r.Header.Get("Origin"); o != "" && !origins[strings.ToLower(o)] {
			u, err := url.Parse(o)
			if err != nil || !isLoopbackHost(strings.ToLower(u.Host)) {
				http.Error(w, fmt.Sprintf("forbidden: origin %q is not allowed", o), http.StatusForbidden)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// isLoopbackHost reports whether a Host value (host or host:port) names this machine.
func isLoopbackHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// requireToken demands the bearer token when one is configured.
func requireToken(token string, next http.Handler) http.Handler {
	if token == "" {
		return next
	}
	want := "Bearer " + token
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !sameSecret(r.Header.Get("Authorization"), want) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="docseek"`)
			http.Error(w, "unauthorized: send Authorization: Bearer <token>", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// sameSecret compares a and b in time independent of their content and
// length: ConstantTimeCompare alone returns at once on a length mismatch,
// which tells the token's length. Digests have one size.
func sameSecret(a, b string) bool {
	da, db := sha256.Sum256([]byte(a)), sha256.Sum256([]byte(b))
	return subtle.ConstantTimeCompare(da[:], db[:]) == 1
}

// absPathRE matches an absolute file path (POSIX or Windows): a separator
// followed by at least two segments.
var absPathRE = regexp.MustCompile(`(?:[A-Za-z]:)?[\\/](?:[^\s"'\\/:;,]+[\\/])+[^\s"'\\/:;,]*`)

// hidePaths shortens absolute local paths in a message shown to clients to
// their last element ("…/docs"): the full paths are in the server's log, and
// /healthz needs no token. URLs are left alone.
func hidePaths(msg string) string {
	var b strings.Builder
	last := 0
	for _, m := range absPathRE.FindAllStringIndex(msg, -1) {
		start := m[0]
		if start > 0 && (msg[start-1] == ':' || msg[start-1] == '/') {
			continue // part of a URL
		}
		p := msg[start:m[1]]
		b.WriteString(msg[last:start])
		b.WriteString("…/" + p[strings.LastIndexAny(p, `/\`)+1:])
		last = m[1]
	}
	b.WriteString(msg[last:])
	return b.String()
}

// limitTime bounds each request's context.
func limitTime(d time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// ErrBadAddr reports a listen address that is not HOST:PORT.
var ErrBadAddr = errors.New("listen address is not HOST:PORT")

// Listen opens the listener for Serve at addr, "HOST:PORT"; an empty host
// (":8080") binds 127.0.0.1. On a non-loopback address it logs a warning
// (anyone who can reach it can query the docs) and returns cfg with that
// host, with and without the port, added to AllowedHosts, so requests
// naming the bind address pass the Host check; a wildcard host (0.0.0.0,
// ::) adds nothing and requests must name an allowed host.
func (s *Server) Listen(addr string, cfg HTTPConfig) (net.Listener, HTTPConfig, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, cfg, fmt.Errorf("%q: %w", addr, ErrBadAddr)
	}
	if host == "" {
		host = "127.0.0.1" // loopback unless told otherwise
	}
	ip := net.ParseIP(host)
	if host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		s.log.Warn("serving HTTP on a non-loopback address: anyone who can reach it can query the docs "+
			"(set --auth-token; requests must name an allowed host: localhost, the bind address or --allow-host)",
			"addr", addr, "auth", cfg.AuthToken != "")
		if host != "0.0.0.0" && host != "::" {
			cfg.AllowedHosts = append(slices.Clone(cfg.AllowedHosts), host, net.JoinHostPort(host, port))
		}
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(host, port))
	if err != nil {
		return nil, cfg, fmt.Errorf("listen on %q: %w", addr, err)
	}
	return ln, cfg, nil
}

// Serve serves HTTP on ln until ctx is done, then shuts down gracefully
// (in-flight requests get cfg.ShutdownTimeout to finish). It returns nil
// after a shutdown asked for by ctx, and the server's error otherwise.
func (s *Server) Serve(ctx context.Context, ln net.Listener, cfg HTTPConfig) error {
	cfg = cfg.withDefaults()
	hs := &http.Server{
		Handler:           s.Handler(cfg),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      cfg.RequestTimeout + 5*time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve http: %w", err)
	case <-ctx.Done():
	}
	s.log.Info("shutting down", "addr", ln.Addr().String())
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cfg.ShutdownTimeout)
	defer cancel()
	shutErr := hs.Shutdown(sctx)
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve http: %w", err)
	}
	if shutErr != nil {
		return fmt.Errorf("shut down http: %w", shutErr)
	}
	return nil
}
