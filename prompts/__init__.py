"""The prompt templates (*.md), shipped inside the package as `assistant.prompt_templates`
(pyproject.toml maps this folder there), so a regular `pip install .` carries them."""
