"""What every domain uses: models, permissions, audit, markdown, uploads, pagination, mail."""
