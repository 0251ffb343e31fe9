"""Pinned PyPI sdists of the Django projects the N+1 label set is drawn from.

Each pin is (name, version, file pip saves, sha256 of that file, top-level directory inside the
archive). Label paths in labels.tsv are relative to that top-level directory. Downloaded with
`pip download --no-deps --no-binary :all:`, sha256-checked and extracted into the cache that
bench/real-code/eval.py uses ($INTERVIEW_PREP_EVAL_CACHE or ~/.cache/interview-prep-eval);
nothing third-party is committed.
"""

PINS = [
    ("django-oscar", "3.2.5", "django_oscar-3.2.5.tar.gz",
     "c9d679461d79c21889152641d7d1cdf7a7342a21ca7edc747c55f08afddade06", "django_oscar-3.2.5"),
    ("wagtail", "6.3.1", "wagtail-6.3.1.tar.gz",
     "93876cc7a3bfcfff4c0393949562cbf249f244c4ca653d58a2dbab737f455715", "wagtail-6.3.1"),
    ("misago", "0.39.6", "misago-0.39.6.tar.gz",
     "67265caa84e0c1a448547b04a123b2ae9e5fb5ae5f53d9343ec2d9dd14e91074", "misago-0.39.6"),
    ("django-helpdesk", "2.6.1", "django_helpdesk-2.6.1.tar.gz",
     "d5db80dfbb2a577036c781ea94291c5032e0687f4603ba1ecc0eebd86bbb0dfa", "django_helpdesk-2.6.1"),
    ("django-cms", "5.1.3", "django_cms-5.1.3.tar.gz",
     "80c50fc44cffa2cae28f4b8d841b7f48bd5ded9c88e493096b6e2235ba94d3ca", "django_cms-5.1.3"),
    ("wiki", "0.13.0", "wiki-0.13.0.tar.gz",
     "3459bb2bc46bae16580a46f1df52fd1f8009e3efefeba6d04b2f39262fc4cc28", "wiki-0.13.0"),
    ("django-filer", "3.6.0", "django_filer-3.6.0.tar.gz",
     "455ad0abfc16772e547f67f2c97e9efd2257e2686fd8526cefd499b862527304", "django_filer-3.6.0"),
]
