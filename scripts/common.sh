# Helpers shared by the scripts (sourced, not run).

# A free TCP port on 127.0.0.1.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits up to 60 s until the server at 127.0.0.1:PORT answers /healthz; fails, showing its log,
# if process PID exits first or time runs out.   usage: wait_for_server PORT PID LOG
wait_for_server() {
  local port=$1 pid=$2 log=$3
  for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "the server exited; its log:" >&2; cat "$log" >&2; return 1
    fi
    sleep 0.5
  done
  echo "the server did not answer /healthz within 60 s; its log:" >&2; tail -n 30 "$log" >&2
  return 1
}
