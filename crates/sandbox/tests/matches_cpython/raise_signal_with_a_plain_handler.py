import signal

seen = []
previous = signal.signal(signal.SIGUSR2, lambda signum, frame: seen.append(signum))
print(previous == signal.SIG_DFL)
signal.raise_signal(signal.SIGUSR2)
print(seen == [signal.SIGUSR2])
signal.signal(signal.SIGUSR2, signal.SIG_IGN)
signal.raise_signal(signal.SIGUSR2)
print("ignored")
try:
    signal.signal(signal.SIGKILL, signal.SIG_IGN)
except OSError as error:
    print("OSError", error.errno)
