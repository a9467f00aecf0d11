"""English dates as the site has always written them ("December 3, 2026"); Django's own "en"
abbreviates the month. Templates write ``date:"DATE_FORMAT"``, so each language has its own."""

DATE_FORMAT = "F j, Y"
