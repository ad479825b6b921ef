"""The model loop: outcomes observed, performance measured, candidates replayed and compared.

Core package: no Qt, no FastAPI. `outcomes` reads and records what became of decided loans,
`performance` measures the model on them, `replay` compares a candidate on logged inputs,
`report_html` writes the reports, `texts` words everything in English and French.
"""
