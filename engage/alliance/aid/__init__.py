"""Emergency mutual aid: resources companies can lend, aid requests and offers."""
