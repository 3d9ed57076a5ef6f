package retrieval_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/retrieval"
)

// openExample opens a lexical-only index (no model needed) over the fixture
// docs in testdata/fixture.
func openExample() *retrieval.Index {
	ctx := context.Background()
	c, err := corpus.Load(ctx, "testdata/fixture", corpus.Options{Name: "fixture", Version: "1", BaseURL: "https://docs.example.com"})
	if err != nil {
		log.Fatal(err)
	}
	ix, err := retrieval.Open(ctx, c, retrieval.Config{LexicalOnly: true})
	if err != nil {
		log.Fatal(err)
	}
	return ix
}

func ExampleIndex_Search() {
	ix := openExample()
	// An identifier in one spelling finds it in another.
	rs, err := ix.Search(context.Background(), retrieval.Query{Text: "getAuthorizationUrl parameters", Mode: retrieval.ModeLexical, K: 3})
	if err != nil {
		log.Fatal(err)
	}
	for i, r := range rs {
		fmt.Printf("%d. %s\n", i+1, r.URL)
	}
	// Output:
	// 1. https://docs.example.com/reference/sso/get-authorization-url#parameters
	// 2. https://docs.example.com/reference/sso/get-authorization-url
	// 3. https://docs.example.com/sso#get-the-authorization-url
}

func ExampleIndex_Fetch() {
	ix := openExample()
	d, err := ix.Fetch(context.Background(), "https://docs.example.com/sso#handle-the-callback")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(d.Path, d.Anchor, d.Breadcrumb)
	fmt.Print(d.Markdown)
	fmt.Println("parent:", d.Parent.Path)
	for _, s := range d.Siblings {
		fmt.Println("sibling:", s.Title)
	}

	_, err = ix.Fetch(context.Background(), "sso/tset-sso")
	var nf *retrieval.NotFoundError
	if errors.As(err, &nf) {
		fmt.Println("did you mean:", nf.Suggestions[0].Path)
	}
	// Output:
	// sso/index handle-the-callback [Single Sign-On Handle the callback]
	// ## Handle the callback
	//
	// The identity provider redirects the user to your callback endpoint with a short-lived code. Register the endpoint as a redirect URI first.
	//
	// ### Exchange the code
	//
	// Exchange the code for a profile with one server-side call. The code expires after ten minutes, so exchange it right away.
	// parent: sso/index
	// sibling: Get the authorization URL
	// did you mean: sso/test-sso
}

func ExampleIndex_Changelog() {
	ix := openExample()
	es, err := ix.Changelog(context.Background(), retrieval.ChangelogQuery{Query: "code expiry"})
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range es {
		fmt.Println(e.Date, e.Title)
	}
	// Output:
	// 2026-01-10 Shorter codes
}
