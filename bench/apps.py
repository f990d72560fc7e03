from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark suite (issue 9 §1): installed only by ``config.settings.bench``, never in
    production. It has no models; its commands are ``bench_generate`` and ``bench_run``."""

    name = "bench"
    verbose_name = "Benchmarks"
