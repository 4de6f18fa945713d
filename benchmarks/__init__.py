"""Speed and memory benchmarks (`make bench`): they print numbers; unit tests never time things."""
