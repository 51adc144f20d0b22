"""gunicorn's settings for `make run` and the benchmarks (`gunicorn -c python:creativeports.config.gunicorn`).

One place, so the benchmarks measure the server exactly as `make run` starts it. The address is
given on the command line (`--bind`).
"""

# Two processes of four threads: a 2-core machine stays busy while requests wait on the database.
workers = 2
threads = 4
accesslog = "-"
# Only a proxy on this machine may say which address a client has (the sign-in limits read it).
forwarded_allow_ips = "127.0.0.1"
# The longest request line accepted (gunicorn's maximum; its default is 4,094 bytes): GET searches
# carry the need in the address. Longer needs are sent as a POST by the find-partners page.
limit_request_line = 8190
