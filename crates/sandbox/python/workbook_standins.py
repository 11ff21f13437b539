"""Stand-ins for the OS modules the sandbox has no host for.

The sandbox runs without a host environment (no files, sockets, signals,
processes or threads), natively and in the browser alike, so both see the same
Python. asyncio still imports these modules at start-up, so each gets a minimal
module with the names the standard library reads while importing. Anything that
would really touch the OS raises OSError, as CPython does when a call is refused.
"""

import sys
import types

_ENOSYS = 38

# The process id the sandbox reports; os.kill() to it delivers a signal.
_PID = 1


def _refuse(name):
    def refused(*args, **kwargs):
        raise OSError(_ENOSYS, f"{name}() is not available in the sandbox")

    refused.__name__ = name
    return refused


def _module(name, **attributes):
    module = types.ModuleType(name)
    module.__dict__.update(attributes)
    sys.modules[name] = module
    return module


def _install_thread():
    import _dummy_thread

    sys.modules["_thread"] = _dummy_thread


def _repair_dummy_thread():
    """Fill two gaps of the single-threaded `_thread` that asyncio runs into."""
    import _thread

    if not hasattr(_thread.RLock(), "locked_count"):
        return
    # threading.Condition asks its lock whether this thread owns it; the dummy
    # RLock cannot say, so Condition guesses wrong. With one thread, a held
    # lock is always ours.
    if not hasattr(_thread.RLock, "_is_owned"):
        _thread.RLock._is_owned = lambda self: self.locked_count > 0
    # asyncio keeps the running loop in a threading.local subclass with a class
    # attribute default, which the dummy local does not look up.
    # The type is shared by every interpreter in the process: patch it once,
    # or each run would wrap the last run's patch (and keep that run alive).
    if getattr(_thread._local, "_workbook_repaired", False):
        return
    local_lookup = _thread._local.__getattribute__

    def lookup_with_class_defaults(self, name):
        try:
            return local_lookup(self, name)
        except AttributeError:
            return object.__getattribute__(self, name)

    _thread._local.__getattribute__ = lookup_with_class_defaults
    _thread._local._workbook_repaired = True


class _StatResult(tuple):
    n_sequence_fields = 10


def _install_posix():
    if "posix" not in sys.builtin_module_names:
        sys.builtin_module_names = tuple(sys.builtin_module_names) + ("posix",)
    names = [
        "chdir", "chmod", "close", "dup", "dup2", "execv", "execve", "fork",
        "fstat", "listdir", "lseek", "lstat", "mkdir", "open", "pipe",
        "read", "readlink", "remove", "rename", "rmdir", "scandir", "stat",
        "unlink", "utime", "waitpid", "write", "getppid", "killpg",
        "set_blocking", "get_blocking", "set_inheritable", "get_inheritable",
        "waitstatus_to_exitcode", "isatty", "ttyname", "symlink", "link",
    ]
    module = _module(
        "posix",
        environ={},
        error=OSError,
        stat_result=_StatResult,
        _have_functions=[],
        F_OK=0, R_OK=4, W_OK=2, X_OK=1,
        O_RDONLY=0, O_WRONLY=1, O_RDWR=2, O_CREAT=64, O_EXCL=128, O_TRUNC=512,
        O_APPEND=1024, O_NONBLOCK=2048, O_CLOEXEC=524288,
        WNOHANG=1, SEEK_SET=0, SEEK_CUR=1, SEEK_END=2,
        getcwd=lambda: "/sandbox",
        getcwdb=lambda: b"/sandbox",
        getpid=lambda: _PID,
        kill=_kill,
        getuid=lambda: 1000,
        geteuid=lambda: 1000,
        getgid=lambda: 1000,
        getegid=lambda: 1000,
        cpu_count=lambda: 4,
        urandom=lambda n: bytes(n),
        strerror=lambda code: f"error {code}",
        fspath=_fspath,
        device_encoding=lambda fd: None,
        umask=lambda mask: 0o022,
        uname=lambda: ("sandbox", "sandbox", "1", "1", "wasm32"),
        register_at_fork=lambda **kwargs: None,
        _exit=_refuse("_exit"),
        putenv=lambda key, value: None,
        unsetenv=lambda key: None,
        WIFEXITED=lambda status: True,
        WEXITSTATUS=lambda status: 0,
        WIFSIGNALED=lambda status: False,
        WTERMSIG=lambda status: 0,
        WIFSTOPPED=lambda status: False,
        WSTOPSIG=lambda status: 0,
        WIFCONTINUED=lambda status: False,
        WCOREDUMP=lambda status: False,
    )
    for name in names:
        setattr(module, name, _refuse(name))
    module.__all__ = [n for n in vars(module) if not n.startswith("_")]


def _fspath(path):
    if isinstance(path, (str, bytes)):
        return path
    method = getattr(type(path), "__fspath__", None)
    if method is None:
        raise TypeError(
            "expected str, bytes or os.PathLike object, not " + type(path).__name__
        )
    return method(path)


_SIGNALS = {
    "SIGHUP": 1, "SIGINT": 2, "SIGQUIT": 3, "SIGILL": 4, "SIGTRAP": 5,
    "SIGABRT": 6, "SIGBUS": 7, "SIGFPE": 8, "SIGKILL": 9, "SIGUSR1": 10,
    "SIGSEGV": 11, "SIGUSR2": 12, "SIGPIPE": 13, "SIGALRM": 14, "SIGTERM": 15,
    "SIGCHLD": 17, "SIGCONT": 18, "SIGSTOP": 19, "SIGTSTP": 20, "SIGURG": 23,
    "SIGWINCH": 28,
}


# What each signal does when no handler is set: the default action of these
# is to do nothing; every other one ends the process.
_IGNORED_BY_DEFAULT = {17, 18, 23, 28}  # SIGCHLD, SIGCONT, SIGURG, SIGWINCH
_UNCATCHABLE = {9, 19}  # SIGKILL, SIGSTOP
_SIG_DFL, _SIG_IGN = 0, 1

# The handlers set with signal.signal(), by signal number.
_signal_handlers = {}


def _default_int_handler(signum, frame):
    raise KeyboardInterrupt


def _handler_for(signum):
    default = _default_int_handler if signum == _SIGNALS["SIGINT"] else _SIG_DFL
    return _signal_handlers.get(signum, default)


def _check_signal_number(signum):
    if not 1 <= signum < 65:
        raise ValueError("signal number out of range")


def _deliver_signal(signum):
    """Act on a signal the program sent itself, as a process would at once."""
    _check_signal_number(signum)
    handler = _handler_for(signum)
    if callable(handler):
        # Python runs a handler in the main thread between two bytecodes of
        # whatever it was doing: here, of the caller of kill().
        handler(signum, sys._getframe(2))
    elif handler == _SIG_DFL and signum not in _IGNORED_BY_DEFAULT:
        import workbook_vtime

        raise workbook_vtime.KilledBySignal(_signal_name(signum))


def _signal_name(signum):
    for name, number in _SIGNALS.items():
        if number == signum:
            return name
    return f"signal {signum}"


def _kill(pid, signum):
    if pid not in (0, _PID):
        raise ProcessLookupError(3, "No such process")
    _deliver_signal(signum)


def _install_signal():
    def signal(signum, handler):
        _check_signal_number(signum)
        if signum in _UNCATCHABLE:
            raise OSError(22, "Invalid argument")
        if not (callable(handler) or handler in (_SIG_DFL, _SIG_IGN)):
            raise TypeError(
                "signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable object"
            )
        previous = _handler_for(signum)
        _signal_handlers[signum] = handler
        return previous

    def getsignal(signum):
        _check_signal_number(signum)
        return _handler_for(signum)

    _signal_handlers.clear()
    _module(
        "_signal",
        SIG_DFL=_SIG_DFL,
        SIG_IGN=_SIG_IGN,
        NSIG=65,
        SIG_BLOCK=0,
        SIG_UNBLOCK=1,
        SIG_SETMASK=2,
        ITIMER_REAL=0,
        ITIMER_VIRTUAL=1,
        ITIMER_PROF=2,
        default_int_handler=_default_int_handler,
        signal=signal,
        getsignal=getsignal,
        set_wakeup_fd=lambda fd, warn_on_full_buffer=True: -1,
        valid_signals=lambda: set(range(1, 65)),
        raise_signal=_deliver_signal,
        alarm=_refuse("alarm"),
        pthread_kill=_refuse("pthread_kill"),
        pthread_sigmask=_refuse("pthread_sigmask"),
        siginterrupt=lambda signum, flag: None,
        strsignal=lambda signum: None,
        **_SIGNALS,
    )


def _install_select():
    _module(
        "select",
        error=OSError,
        select=_refuse("select"),
        POLLIN=1, POLLPRI=2, POLLOUT=4, POLLERR=8, POLLHUP=16, POLLNVAL=32,
    )


def _install_socket():
    class socket:
        __slots__ = ()

        def __init__(self, *args, **kwargs):
            raise OSError(_ENOSYS, "sockets are not available in the sandbox")

    constants = {
        "AF_INET": 2, "AF_INET6": 10, "AF_UNIX": 1, "AF_UNSPEC": 0,
        "SOCK_STREAM": 1, "SOCK_DGRAM": 2, "SOCK_RAW": 3,
        "SOCK_NONBLOCK": 2048, "SOCK_CLOEXEC": 524288,
        "SOL_SOCKET": 1, "SO_REUSEADDR": 2, "SO_KEEPALIVE": 9,
        "SO_ERROR": 4, "SO_TYPE": 3, "SO_REUSEPORT": 15, "SO_BROADCAST": 6,
        "SO_SNDBUF": 7, "SO_RCVBUF": 8, "SO_LINGER": 13,
        "IPPROTO_TCP": 6, "IPPROTO_UDP": 17, "IPPROTO_IP": 0, "IPPROTO_IPV6": 41,
        "TCP_NODELAY": 1, "IPV6_V6ONLY": 26,
        "AI_PASSIVE": 1, "AI_CANONNAME": 2, "AI_NUMERICHOST": 4,
        "AI_NUMERICSERV": 1024, "AI_ADDRCONFIG": 32, "AI_V4MAPPED": 8, "AI_ALL": 16,
        "NI_NUMERICHOST": 1, "NI_NUMERICSERV": 2, "NI_NAMEREQD": 8, "NI_DGRAM": 16,
        "NI_NOFQDN": 4, "NI_MAXHOST": 1025, "NI_MAXSERV": 32,
        "EAI_NONAME": -2, "EAI_AGAIN": -3, "EAI_FAIL": -4, "EAI_FAMILY": -6,
        "EAI_SERVICE": -8, "EAI_SOCKTYPE": -7, "EAI_MEMORY": -10,
        "MSG_PEEK": 2, "MSG_OOB": 1, "MSG_DONTWAIT": 64, "MSG_WAITALL": 256,
        "SHUT_RD": 0, "SHUT_WR": 1, "SHUT_RDWR": 2, "SOMAXCONN": 4096,
        "INADDR_ANY": 0, "INADDR_LOOPBACK": 0x7F000001, "has_ipv6": False,
    }
    _module(
        "_socket",
        socket=socket,
        SocketType=socket,
        error=OSError,
        herror=type("herror", (OSError,), {}),
        gaierror=type("gaierror", (OSError,), {}),
        timeout=TimeoutError,
        getaddrinfo=_refuse("getaddrinfo"),
        getnameinfo=_refuse("getnameinfo"),
        gethostname=lambda: "sandbox",
        gethostbyname=_refuse("gethostbyname"),
        getdefaulttimeout=lambda: None,
        setdefaulttimeout=lambda timeout: None,
        socketpair=_refuse("socketpair"),
        dup=_refuse("dup"),
        close=_refuse("close"),
        inet_aton=_refuse("inet_aton"),
        inet_pton=_refuse("inet_pton"),
        inet_ntop=_refuse("inet_ntop"),
        htons=lambda x: ((x & 0xFF) << 8) | ((x >> 8) & 0xFF),
        ntohs=lambda x: ((x & 0xFF) << 8) | ((x >> 8) & 0xFF),
        CAPI=None,
        **constants,
    )


def _install_posixsubprocess():
    _module("_posixsubprocess", fork_exec=_refuse("fork_exec"))


def _install_tracemalloc():
    # warnings.py asks tracemalloc whether it is tracing before it suggests
    # enabling it; without the module the suggestion CPython prints is lost.
    def unavailable(*args, **kwargs):
        raise RuntimeError("tracemalloc is not available in the sandbox")

    _module(
        "_tracemalloc",
        is_tracing=lambda: False,
        start=unavailable,
        stop=lambda: None,
        clear_traces=lambda: None,
        get_traceback_limit=lambda: 1,
        get_traced_memory=lambda: (0, 0),
        reset_peak=lambda: None,
        get_tracemalloc_memory=lambda: 0,
        _get_object_traceback=lambda obj: None,
        _get_traces=lambda: [],
    )


def _install_errno_constants():
    import errno

    missing = {
        "ECHILD": 10, "EAGAIN": 11, "EWOULDBLOCK": 11, "EINPROGRESS": 115,
        "EALREADY": 114, "EINTR": 4, "EPIPE": 32, "ECONNRESET": 104,
        "ECONNABORTED": 103, "ECONNREFUSED": 111, "ESHUTDOWN": 108,
        "ENOTCONN": 107, "EBADF": 9, "ENOSYS": 38, "ETIMEDOUT": 110,
        "ESRCH": 3, "ENOENT": 2, "EEXIST": 17, "EACCES": 13, "EPERM": 1,
        "EINVAL": 22, "ENOTSOCK": 88, "EISDIR": 21, "ENOTDIR": 20,
    }
    for name, code in missing.items():
        if not hasattr(errno, name):
            setattr(errno, name, code)
            errno.errorcode.setdefault(code, name)


def _have(name):
    if name in sys.modules:
        return True
    try:
        __import__(name)
    except ImportError:
        return False
    return True


def _prefer_pure_python_asyncio():
    # RustPython's native _asyncio numbers tasks with a counter shared by every
    # interpreter in the process, so a second run would start at "Task-7".
    # asyncio's pure-Python Task and Future restart at "Task-1" each run.
    sys.modules["_asyncio"] = None


class _LeftOutOfTheSandbox:
    """Explains an import of a standard-library module the sandbox does not ship.

    Consulted last, after every importer that could have found the module.
    """

    def __init__(self, names):
        self._names = names

    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in self._names:
            raise ModuleNotFoundError(
                f"No module named '{name}': the sandbox ships only part of the "
                "standard library, and this module is not in it. Run the program "
                "with CPython to use it.",
                name=name,
            )
        return None


def install():
    """Register every stand-in that the running interpreter lacks."""
    if sys.implementation.name == "rustpython":
        _prefer_pure_python_asyncio()
        # The sandbox's loader puts the list in this module's globals.
        left_out = globals().get("STDLIB_LEFT_OUT", "")
        sys.meta_path.append(_LeftOutOfTheSandbox(frozenset(left_out.split())))
    for name, installer in (
        ("_thread", _install_thread),
        ("posix", _install_posix),
        ("_signal", _install_signal),
        ("select", _install_select),
        ("_socket", _install_socket),
        ("_posixsubprocess", _install_posixsubprocess),
        ("_tracemalloc", _install_tracemalloc),
    ):
        if not _have(name):
            installer()
    _repair_dummy_thread()
    _install_errno_constants()
