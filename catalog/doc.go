// Package catalog is the set of documentation libraries one docseek process
// serves: it loads each library's docs, opens its index and tracks whether
// the index is ready, so that cmd only turns flags and a config file into a
// Config and server only asks the catalog.
//
//	Config{Libraries: workos@0.2.0, workos@0.1.0, react=DIR, ...}
//	   |  New: names, versions, folders and globs checked
//	   v
//	Load ─┬─ embedder (local model or OpenAI endpoint) ─────────────┐
//	      ├─ per library, in parallel: corpus.SyncNPM / corpus.Load │
//	      │     -> retrieval keyword index   (state "keyword")      │
//	      └─ per library, in turn (bundled first):  <───────────────┘
//	            vectors from the committed bundle, the stored collection
//	            (by content hash) or live embedding -> state "ready"
//
// A library is identified by name and version ("workos@0.1.0"); the WorkOS
// docs package is the library named "workos" with no folder. Folders are
// embedded once: their vectors are stored under
// DataDir/index/<name>-<version>-<model>/ and reused by chunk hash, so a
// restart re-embeds only what changed.
package catalog
