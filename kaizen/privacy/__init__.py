"""Patient-identifiable data kept out of Kaizen: the one screening every text and upload goes
through. Plain Python (the form mixin aside, which needs only django.forms); the lowest layer,
so every app may use it."""
