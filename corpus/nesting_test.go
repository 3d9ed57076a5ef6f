package corpus

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// deepInputs are adversarial bodies of about size bytes each: deep nesting of
// every container kind, where a path that costs depth x size (or 2^depth)
// takes minutes to hours.
func deepInputs(size int) map[string]string {
	repeat := func(unit string) string { return strings.Repeat(unit, max(1, size/len(unit))) }
	nested := func(depth int, line func(i int) string) string {
		var b strings.Builder
		for i := 0; b.Len() < size; i = (i + 1) % depth {
			b.WriteString(line(i))
		}
		return b.String()
	}
	return map[string]string{
		// The reported case: 30 nested items, 2^30 renders before the fix.
		"list 30 deep, repeated":   nested(30, func(i int) string { return strings.Repeat("  ", i) + "- item\n" }),
		"one deep list":            nested(1<<30, func(i int) string { return strings.Repeat("  ", i) + "- item\n" }),
		"one deep ordered list":    nested(1<<30, func(i int) string { return strings.Repeat("   ", i) + "1. item\n" }),
		"list with a heading":      nested(1<<30, func(i int) string { return strings.Repeat("  ", i) + "- ### Heading\n" }),
		"quote lines":              nested(1<<30, func(i int) string { return strings.Repeat("> ", i) + "quoted\n" }),
		"markers then lazy lines":  strings.Repeat("- ", size/4) + "x\n" + strings.Repeat("y\n", size/4),
		"quotes then lazy lines":   strings.Repeat("> ", size/4) + "x\n" + strings.Repeat("y\n", size/4),
		"list and quote on a line": repeat("- > ") + "x\n",
		"jsx blocks":               strings.Repeat("<Callout title=\"t\">\n", size/40) + "x\n" + strings.Repeat("</Callout>\n", size/40),
		"jsx inline":               strings.Repeat("<Foo name=\"a\">", size/30) + "x" + strings.Repeat("</Foo>", size/30),
		"same heading":             repeat("## Example\n\ntext\n\n"),
		"heading levels":           nested(6, func(i int) string { return strings.Repeat("#", i+1) + " Example\n\ntext\n\n" }),
		"indented code":            nested(1<<30, func(i int) string { return strings.Repeat("    ", i%64) + "code\n\n" }),
		"emphasis":                 strings.Repeat("*a _b ", size/12) + strings.Repeat(" c_ d*", size/12),
		"brackets":                 strings.Repeat("[", size/2) + strings.Repeat("](x)", size/8),
		"wide table":               "| " + strings.Repeat("a | ", size/8) + "\n|" + strings.Repeat(" --- |", size/12) + "\n",
		"admonitions in lists": nested(64, func(i int) string {
			return strings.Repeat("  ", i) + "- :::tip[x]\n" + strings.Repeat("  ", i) + "  :::\n"
		}),
		"unclosed tab groups": strings.Repeat("<Tabs items={['a', 'b']}>\n", size/52) + strings.Repeat("<Tab>\nx\n</Tab>\n", size/32),
		"one import block":    "import {\n" + repeat("  A,\n"),
		"custom ids":          repeat("## A {#a .b}\n"),
		"alerts":              repeat("> > [!NOTE]\n"),
	}
}

// TestDeepNestingFinishes parses every deep-nesting input of deepSize bytes (1 MB) under a
// deadline that only a path linear in the input size meets: 2^depth or
// depth x size work would take hours.
func TestDeepNestingFinishes(t *testing.T) {
	for name, body := range deepInputs(deepSize) {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			done := make(chan error, 1)
			go func() {
				c := &Corpus{}
				done <- c.build(ctx, []docFile{{path: "deep/page", raw: []byte(body)}})
			}()
			start := time.Now()
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("build: %v", err)
				}
				t.Logf("%d bytes in %v", len(body), time.Since(start))
			case <-ctx.Done():
				t.Fatalf("%d bytes not parsed within the deadline: cost is not linear in the input size", len(body))
			}
		})
	}
}

// TestParseWorkPerByte checks the work of rendering (nodes rendered) stays
// proportional to the input at every size: doubling the input may at most
// double it, where a path rendering a subtree once per enclosing level grows
// with depth.
func TestParseWorkPerByte(t *testing.T) {
	md := newMarkdown()
	for name := range deepInputs(1 << 12) {
		t.Run(name, func(t *testing.T) {
			small, large := deepInputs(1 << 12)[name], deepInputs(1 << 15)[name]
			ws := parseBody(md, []byte(small), "T").steps
			wl := parseBody(md, []byte(large), "T").steps
			perSmall := float64(ws) / float64(len(small))
			perLarge := float64(wl) / float64(len(large))
			if perLarge > 1.5*perSmall+0.01 {
				t.Errorf("work per byte grows with size: %.3f at %d bytes, %.3f at %d", perSmall, len(small), perLarge, len(large))
			}
			if wl > 2*len(large)+64 {
				t.Errorf("%d rendering steps for %d bytes", wl, len(large))
			}
		})
	}
}

// TestRenderOnce pins the reported case: 16 nested items of a tight list
// render each node once (the fix), not 2^16 times.
func TestRenderOnce(t *testing.T) {
	var b strings.Builder
	for i := range 16 {
		fmt.Fprintf(&b, "%s- item %d\n", strings.Repeat("  ", i), i)
	}
	pb := parseBody(newMarkdown(), []byte(b.String()), "T")
	if pb.steps > 200 {
		t.Fatalf("%d rendering steps for 16 nested items", pb.steps)
	}
	for i := range 16 {
		if !strings.Contains(pb.sections[0].Text, fmt.Sprintf("item %d", i)) {
			t.Errorf("item %d lost", i)
		}
	}
}
