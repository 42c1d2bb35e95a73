"""지역 AI 아틀라스 generator: scraped Korean articles → MkDocs Material site.

The pipeline, one module per stage: ``read`` → ``decode`` → ``classify`` →
``structure`` → ``regions``/``metadata`` → ``render`` → ``site``;
``pipeline`` runs the stages, ``cli`` is the command line. Rules are YAML in
``rules/``, page templates are Jinja2 in ``templates/``.
"""
