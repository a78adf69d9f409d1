"""The company directory, joining a company and a company's members."""
