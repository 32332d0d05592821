# A wording file with a mistake on line 4.
language = es

notice-title = { $
