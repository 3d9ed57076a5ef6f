package corpus_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/docseek/docseek/corpus"
)

// Load a folder of docs and look at a page, its chunks and one section.
func ExampleLoad() {
	c, err := corpus.Load(context.Background(), "testdata/npmlayout", corpus.Options{
		Name:    "gizmo",
		BaseURL: "https://gizmo.example/docs",
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, ch := range c.Chunks {
		if ch.Path == "guide/stacks" {
			fmt.Printf("%s  %s  %q\n", ch.ID, ch.URL, ch.Stack)
		}
	}
	page, section, err := c.Resolve("https://gizmo.example/docs/guide/stacks#protected-routes-1")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(page.Title, ">", section.Heading, "|", section.Stack)
	fmt.Println(page.Markdown(section.Anchor))
	// Output:
	// guide/stacks  https://gizmo.example/docs/guide/stacks  ""
	// guide/stacks#set-up-your-app  https://gizmo.example/docs/guide/stacks#set-up-your-app  ""
	// guide/stacks#protected-routes  https://gizmo.example/docs/guide/stacks#protected-routes  "frontend=\"nextjs\""
	// guide/stacks#protected-routes-1  https://gizmo.example/docs/guide/stacks#protected-routes-1  "frontend=\"remix\""
	// guide/stacks#deploy  https://gizmo.example/docs/guide/stacks#deploy  ""
	// Stacks > Protected routes | frontend="remix"
	// ### Protected routes
	//
	// Use the loader guard `requireWidget()` in Remix.
}

// A missing page or section matches corpus.ErrNotFound; a target that
// could never name a page, corpus.ErrBadTarget.
func ExampleCorpus_Resolve() {
	c, err := corpus.Load(context.Background(), "testdata/npmlayout", corpus.Options{})
	if err != nil {
		log.Fatal(err)
	}
	_, _, err = c.Resolve("guide#no-such-section")
	fmt.Println(err)
	fmt.Println(errors.Is(err, corpus.ErrNotFound))
	_, _, err = c.Resolve("../../etc/passwd")
	fmt.Println(err)
	fmt.Println(errors.Is(err, corpus.ErrBadTarget))
	// Output:
	// section "no-such-section" of page "guide/index": not found
	// true
	// target "../../etc/passwd": ".." and absolute file paths are not allowed: targets name pages inside the docs, e.g. "sso/index" or "sso/index#get-started"
	// true
}
