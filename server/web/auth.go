package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"
)

// With Config.AuthToken set, the page asks for the token once, in a form
// posted to /login (never in a URL, never logged). The session cookie then
// holds HMAC-SHA256(key, token) with a key drawn at start: not the token,
// useless elsewhere, and void after a restart. It is HttpOnly and
// SameSite=Strict, so neither script nor another site's request carries it.
// Comparisons are of digests, in constant time, so their length says
// nothing about the token's.

const sessionCookie = "docseek_session"

// digest is the keyed digest of a token.
func (u *UI) digest(token string) string {
	m := hmac.New(sha256.New, u.key)
	m.Write([]byte(token))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// authorized reports whether r may see the page: no token is set, or r
// carries the session cookie or the bearer token.
func (u *UI) authorized(r *http.Request) bool {
	if u.cfg.AuthToken == "" {
		return true
	}
	if c, err := r.Cookie(sessionCookie); err == nil && hmac.Equal([]byte(c.Value), []byte(u.session)) {
		return true
	}
	if bearer, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		return hmac.Equal([]byte(u.digest(bearer)), []byte(u.session))
	}
	return false
}

// loginView is the token prompt.
type loginView struct {
	frame
	Next  string // where to go once signed in
	Error string
}

// askToken answers 401 with the login form, coming back to r's URL.
func (u *UI) askToken(w http.ResponseWriter, r *http.Request, msg string) {
	next := "/"
	if r.Method == http.MethodGet {
		next = r.URL.RequestURI()
	}
	w.Header().Set("WWW-Authenticate", `Bearer realm="docseek"`)
	f := frame{Title: "Sign in", Auth: false}
	u.render(w, http.StatusUnauthorized, "login", loginView{frame: f, Next: next, Error: msg})
}

func (u *UI) loginForm(w http.ResponseWriter, r *http.Request) {
	if u.cfg.AuthToken == "" || u.authorized(r) {
		http.Redirect(w, r, localPath(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	u.askToken(w, r, "")
}

// login checks the posted token and sets the session cookie.
func (u *UI) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad request: the form could not be read", http.StatusBadRequest)
		return
	}
	next := localPath(r.PostForm.Get("next"))
	if u.cfg.AuthToken == "" {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	if !hmac.Equal([]byte(u.digest(r.PostForm.Get("token"))), []byte(u.session)) {
		u.log.Info("web: sign-in refused", "remote", r.RemoteAddr)
		f := frame{Title: "Sign in"}
		w.Header().Set("WWW-Authenticate", `Bearer realm="docseek"`)
		u.render(w, http.StatusUnauthorized, "login", loginView{frame: f, Next: next, Error: "That token is not the server's. Try again."})
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: u.session, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (u *UI) logout(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// localPath keeps a redirect on this site: a path starting with one "/",
// else "/".
func localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") ||
		strings.ContainsAny(p, "\r\n") {
		return "/"
	}
	return p
}
