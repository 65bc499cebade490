"""Development-only tools: benchmarks (`bench`, `bench_export`, `bench_ingest`) and synthetic data
(`seed_synthetic`). Installed when DEVTOOLS=1, which is the default while DEBUG=1; never in production
unless asked for. The app never imports from here (an import contract in pyproject.toml checks it)."""
