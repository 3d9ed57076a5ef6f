package corpus

import (
	"fmt"
	"strings"
)

// Docs folders often order their pages by numbering the files and folders
// ("04-ai-sdk-ui/02-chatbot.mdx"), and the sites built from them drop the
// numbers from their URLs ("/docs/ai-sdk-ui/chatbot"): Docusaurus does so
// by default, and so do many hand-made sites. Page paths follow the sites,
// so that source links work and links inside the docs resolve.

// stripNumberPrefix returns a path segment without its ordering prefix:
// digits, then '-', '_' or '.' (any run, with spaces around it), then the
// name: "01-intro" -> "intro", "2_setup" -> "setup", "3. usage" ->
// "usage". A segment whose separator is followed by a digit looks like a
// date or a version ("2021-01-31-release", "7.0-notes", "1-2-3") and is
// kept, as is one with nothing after the prefix ("01-", "404").
func stripNumberPrefix(seg string) string {
	i := 0
	for i < len(seg) && seg[i] >= '0' && seg[i] <= '9' {
		i++
	}
	if i == 0 {
		return seg
	}
	j := skipSpaces(seg, i)
	k := j
	for k < len(seg) && (seg[k] == '-' || seg[k] == '_' || seg[k] == '.') {
		k++
	}
	if k == j || (k < len(seg) && seg[k] >= '0' && seg[k] <= '9') {
		return seg
	}
	k = skipSpaces(seg, k)
	if k == len(seg) {
		return seg
	}
	return seg[k:]
}

func skipSpaces(s string, i int) int {
	for i < len(s) && s[i] == ' ' {
		i++
	}
	return i
}

// stripNumberPrefixes applies stripNumberPrefix to every segment of a
// slash-separated path.
func stripNumberPrefixes(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = stripNumberPrefix(s)
	}
	return strings.Join(segs, "/")
}

// stripFileNumbers gives each file its path without number prefixes. Where
// two files would then share a path ("01-errors.md" and "errors.md" in one
// folder), each keeps the number of its own name and only its folders lose
// theirs ("faq/01-errors", "faq/errors"); where even that collides
// ("01-setup/a.md" and "02-setup/a.md"), the files keep their paths. A
// warning names each file whose path kept a number; renamed maps each file
// and folder path that changed to its new path. Linear in the length of the
// paths.
func stripFileNumbers(files []docFile) (renamed map[string]string, warnings []string) {
	renamed = make(map[string]string)
	full := make([]string, len(files))
	final := make([]string, len(files))
	count := make(map[string]int, len(files))
	for i, f := range files {
		full[i] = stripNumberPrefixes(f.path)
		count[full[i]]++
	}
	for i, f := range files {
		final[i] = full[i]
		if count[full[i]] > 1 {
			dir, base := pathSplit(f.path)
			final[i] = stripNumberPrefixes(dir) + base
		}
	}
	clear(count)
	for _, p := range final {
		count[p]++
	}
	for i := range files {
		if count[final[i]] > 1 {
			final[i] = files[i].path
		}
		if final[i] != full[i] {
			warnings = append(warnings, fmt.Sprintf("%s: path kept a number prefix, as %s: another file is also %s without it", files[i].path, final[i], full[i]))
		}
		if final[i] != files[i].path {
			renamed[files[i].path] = final[i]
			renameFolders(renamed, files[i].path, final[i])
		}
		files[i].path = final[i]
	}
	return renamed, warnings
}

// pathSplit splits p after its last slash: "a/b/c" -> "a/b/", "c".
func pathSplit(p string) (dir, base string) {
	i := strings.LastIndexByte(p, '/')
	return p[:i+1], p[i+1:]
}

// renameFolders records the folders of a renamed file whose paths changed:
// "04-ui/02-chat" -> "ui/chat" records "04-ui" -> "ui". Both paths have the
// same number of segments.
func renameFolders(renamed map[string]string, from, to string) {
	i, j := 0, 0
	for {
		a := strings.IndexByte(from[i:], '/')
		b := strings.IndexByte(to[j:], '/')
		if a < 0 || b < 0 {
			return
		}
		i, j = i+a, j+b
		if f, t := from[:i], to[:j]; f != t {
			if _, seen := renamed[f]; !seen {
				renamed[f] = t
			}
		}
		i, j = i+1, j+1
	}
}
