import { createHash } from "node:crypto";

/**
 * The changes tracetune makes to node-llama-cpp's native addon (`llama/addon/AddonContext.{h,cpp}` of the
 * installed package, copied into the binding's build tree, never edited in node_modules):
 * - a context method `tracetuneCopySequence(source, target, endPos)` that gives `target` the KV cells of `source`
 *   with llama.cpp's `llama_memory_seq_cp`, in memory. node-llama-cpp 3.21 can share a prompt between sequences
 *   only through a state file (save once, load per sequence); ≥ 3.22 has the in-memory copy but cannot be
 *   installed here (see docs/engines.md);
 * - a context option `tracetuneKvUnified` (llama.cpp's `kv_unified`, what `llama-batched-bench -kvu` runs): one KV
 *   stream shared by all sequences, where a copy only tags the prompt's cells with one more sequence id and a
 *   decode step attends over one buffer instead of one stream per sequence; and `tracetuneIsKvUnified()` to read
 *   it back.
 * - every `llama_decode` runs on one dedicated thread (see decodeThreadSource; `TRACETUNE_LLAMA_DECODE_THREAD=off`
 *   decodes on libuv's worker threads as node-llama-cpp does), and a static `tracetuneSetBarrierSpin(mode)` switches
 *   libgomp's barrier spin between full and throttled at run time (see barrierSpinSource).
 * Pure text: each edit must find its anchor exactly once, or the patch fails with the anchor's name, so a
 * node-llama-cpp update that moves the code is caught at build time, not at run time.
 */

/** The JS name of the added method; its presence on a context's native object marks tracetune's binding. */
export const copySequenceMethod = "tracetuneCopySequence";
/** The added context option (a boolean in AddonContext's options object): llama.cpp's `kv_unified`. */
export const kvUnifiedOption = "tracetuneKvUnified";
/** The added method that reads `kv_unified` back from a live context. */
export const isKvUnifiedMethod = "tracetuneIsKvUnified";
/**
 * The added static method of the binding's `AddonContext` class: `tracetuneSetBarrierSpin("full" | "throttled")` sets
 * how libgomp's threads wait at the graph's barriers, for the whole process (see barrierSpinSource); it returns the
 * mode in effect, or "unavailable" where it cannot be set (decode thread off, no libgomp).
 */
export const setBarrierSpinMethod = "tracetuneSetBarrierSpin";

const headerAnchor = "Napi::Value RemoveTokenCellsFromSequence(const Napi::CallbackInfo& info);";
const registrationAnchor = 'InstanceMethod("removeTokenCellsFromSequence", &AddonContext::RemoveTokenCellsFromSequence),';
/** The added declarations (after headerAnchor, in AddonContext's class) and registrations (after registrationAnchor). */
const headerSource = `
        Napi::Value CopySequence(const Napi::CallbackInfo& info);
        Napi::Value IsKvUnified(const Napi::CallbackInfo& info);
        static Napi::Value SetBarrierSpin(const Napi::CallbackInfo& info);`;
const registrationSource = `
                InstanceMethod("${copySequenceMethod}", &AddonContext::CopySequence),
                InstanceMethod("${isKvUnifiedMethod}", &AddonContext::IsKvUnified),
                StaticMethod("${setBarrierSpinMethod}", &AddonContext::SetBarrierSpin),`;
/** The last option AddonContext's constructor reads; the unified-KV option is read just before it. */
const optionAnchor = 'if (options.Has("swaFullCache")) {';
const optionSource = `if (options.Has("${kvUnifiedOption}")) {
            context_params.kv_unified = options.Get("${kvUnifiedOption}").ToBoolean().Value();
        }

        `;

/** Where node-llama-cpp's decode worker calls llama.cpp (on whichever libuv worker thread runs it). */
const decodeAnchor = "int r = llama_decode(ctx->ctx, ctx->batch);";
const decodeWorkerAnchor = "class AddonContextDecodeBatchWorker : public Napi::AsyncWorker {";
/** The decode thread's name (what `/proc/<pid>/task/<tid>/comm` and profilers show; at most 15 characters on Linux). */
export const decodeThreadName = "tracetune-dec";
/** The ballast thread's name (barrierSpinSource); its OpenMP workers inherit it. */
export const barrierSpinThreadName = "tracetune-spin";
/** The environment variable that turns the decode thread off (`off`; read once per process, when the first decode runs). */
export const decodeThreadEnv = "TRACETUNE_LLAMA_DECODE_THREAD";

/**
 * One thread for every `llama_decode` of the process. node-llama-cpp decodes in an AsyncWorker, so successive
 * decodes run on any of libuv's 4 worker threads, and libgomp keeps one OpenMP thread pool per calling thread: after
 * a few decodes there are more OpenMP threads than cores, and libgomp then throttles its barrier spin to 100
 * iterations (its rule for over-subscription), so each of the graph's hundreds of barriers per token sleeps and wakes
 * through the kernel. llama.cpp's own tools decode from one thread (one pool, full spin). Measured on the bench
 * model, 2 threads, near idle: 15-22 ms per token against llama-batched-bench's 11.6 ms, and 10-13 ms with one
 * libuv thread. The libuv worker waits while the decode thread runs; decodes of different contexts are serialised
 * (they would contend for the same cores anyway). On by default; `${decodeThreadEnv}=off` decodes on libuv's threads.
 * Full spin is 2-20x slower per token when other processes take the cores (2 threads on 2 busy cores: 56-407 ms per
 * token against 20-36 ms throttled), so the spin is a run-time choice (barrierSpinSource), made by measurement
 * (native/sampling/chooseThreads.ts; docs/benchmarks.md, issue 14).
 */
const decodeThreadSource = `// tracetune: every llama_decode on one thread, so OpenMP keeps one thread pool (native/engines/common/patchLlamaAddon.ts)
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <functional>
#include <mutex>
#include <pthread.h>
#include <thread>

namespace tracetune {
class DecodeThread {
    public:
        static DecodeThread& get() {
            static DecodeThread* instance = new DecodeThread(); // never destroyed: its thread lives as long as the process
            return *instance;
        }
        static bool isEnabled() {
            static const bool enabled = [] {
                const char* value = std::getenv("${decodeThreadEnv}");
                return value == nullptr || std::strcmp(value, "off") != 0;
            }();
            return enabled;
        }
        void run(const std::function<void()>& task) {
            std::lock_guard<std::mutex> oneCaller(callerMutex);
            std::unique_lock<std::mutex> lock(mutex);
            pending = &task;
            error = nullptr;
            isDone = false;
            wake.notify_one();
            done.wait(lock, [this] { return isDone; });
            if (error) std::rethrow_exception(error);
        }
    private:
        DecodeThread() {
            std::thread([this] { loop(); }).detach();
        }
        void loop() {
#if defined(__APPLE__)
            pthread_setname_np("${decodeThreadName}");
#elif defined(__linux__)
            pthread_setname_np(pthread_self(), "${decodeThreadName}");
#endif
            std::unique_lock<std::mutex> lock(mutex);
            for (;;) {
                wake.wait(lock, [this] { return pending != nullptr; });
                const std::function<void()>* task = pending;
                pending = nullptr;
                lock.unlock();
                std::exception_ptr caught = nullptr;
                try {
                    (*task)();
                } catch (...) {
                    caught = std::current_exception();
                }
                lock.lock();
                error = caught;
                isDone = true;
                done.notify_all();
            }
        }
        std::mutex callerMutex;
        std::mutex mutex;
        std::condition_variable wake;
        std::condition_variable done;
        const std::function<void()>* pending = nullptr;
        std::exception_ptr error = nullptr;
        bool isDone = false;
};
}

// libgomp's barrier wait (config/linux/wait.h, do_spin) spins gomp_spin_count_var times, or only
// gomp_throttled_spin_count_var times when gomp_managed_threads > gomp_available_cpus; it reads the count at every
// wait, and a thread that owns a pool gives its workers back when it exits (gomp_free_thread). So a "ballast" thread
// that opens one parallel region of cores + 1 threads and then waits throttles every pool's spin, and ending it
// restores the full spin. Weak symbols: a build without libgomp (no OpenMP, or another runtime) links and reports
// "unavailable".
extern "C" {
    void GOMP_parallel(void (*fn)(void*), void* data, unsigned num_threads, unsigned flags) __attribute__((weak));
    int omp_get_num_procs(void) __attribute__((weak));
}

namespace tracetune {
class BarrierSpin {
    public:
        static bool isAvailable() {
            return DecodeThread::isEnabled() && GOMP_parallel != nullptr && omp_get_num_procs != nullptr;
        }
        /** Throttled (true) or full (false) spin for every OpenMP pool of the process; returns once it is in effect. */
        static void set(bool throttled) {
            BarrierSpin& self = get();
            std::lock_guard<std::mutex> oneCaller(self.callerMutex);
            if (throttled == self.ballast.joinable()) return;
            if (!throttled) {
                {
                    std::lock_guard<std::mutex> lock(self.mutex);
                    self.isReleased = true;
                }
                self.wake.notify_all();
                self.ballast.join(); // its pool is freed (gomp_managed_threads lowered) before the thread ends
                return;
            }
            std::unique_lock<std::mutex> lock(self.mutex);
            self.isReleased = false;
            self.isReady = false;
            self.ballast = std::thread([&self] { self.hold(); });
            self.wake.wait(lock, [&self] { return self.isReady; });
        }
    private:
        static BarrierSpin& get() {
            static BarrierSpin* instance = new BarrierSpin(); // never destroyed, like the decode thread
            return *instance;
        }
        static void noop(void*) {}
        void hold() {
#if defined(__linux__)
            pthread_setname_np(pthread_self(), "${barrierSpinThreadName}");
#endif
            GOMP_parallel(&BarrierSpin::noop, nullptr, (unsigned) omp_get_num_procs() + 1, 0);
            std::unique_lock<std::mutex> lock(mutex);
            isReady = true;
            wake.notify_all();
            wake.wait(lock, [this] { return isReleased; });
        }
        std::mutex callerMutex;
        std::mutex mutex;
        std::condition_variable wake;
        std::thread ballast;
        bool isReady = false;
        bool isReleased = false;
};
}

static int tracetuneDecode(llama_context* context, llama_batch& batch) {
    if (!tracetune::DecodeThread::isEnabled()) return llama_decode(context, batch);
    int result = 0;
    tracetune::DecodeThread::get().run([&] { result = llama_decode(context, batch); });
    return result;
}

`;

/**
 * Copies the cells of sequence `source` at positions < `endPos` (endPos < 0: all) into `target`, whose own cells
 * are removed first. With the unified KV cache (kv_unified) both sequences live in one stream: llama.cpp only adds
 * `target` to the cells' sequence ids (no data moves), so the copy is partial at once. With node-llama-cpp's
 * per-sequence streams (kv_unified off) llama.cpp copies the whole stream buffer, which is why the copy is full
 * (-1, -1) and the cut comes after: a partial cross-stream `seq_cp` aborts the process; the buffer copy itself runs
 * at the next decode. The cell metadata changes here, so callers must hold the context's lock (no decode in flight).
 */
const copySequenceSource = `
Napi::Value AddonContext::CopySequence(const Napi::CallbackInfo& info) {
    if (disposed) {
        Napi::Error::New(info.Env(), "Context is disposed").ThrowAsJavaScriptException();
        return info.Env().Undefined();
    }
    if (info.Length() < 3 || !info[0].IsNumber() || !info[1].IsNumber() || !info[2].IsNumber()) {
        Napi::TypeError::New(info.Env(), "${copySequenceMethod}(source, target, endPos) takes three numbers").ThrowAsJavaScriptException();
        return info.Env().Undefined();
    }
    const int32_t sourceId = info[0].As<Napi::Number>().Int32Value();
    const int32_t targetId = info[1].As<Napi::Number>().Int32Value();
    const int32_t endPos = info[2].As<Napi::Number>().Int32Value();
    const int32_t maxSequences = (int32_t) llama_n_seq_max(ctx);
    if (sourceId < 0 || targetId < 0 || sourceId >= maxSequences || targetId >= maxSequences || sourceId == targetId) {
        Napi::RangeError::New(info.Env(), "${copySequenceMethod}: invalid sequence ids").ThrowAsJavaScriptException();
        return info.Env().Undefined();
    }
    llama_memory_t memory = llama_get_memory(ctx);
    if (memory == nullptr || !llama_memory_seq_rm(memory, targetId, -1, -1)) {
        return Napi::Boolean::New(info.Env(), false);
    }
    if (context_params.kv_unified) {
        llama_memory_seq_cp(memory, sourceId, targetId, -1, endPos);
        return Napi::Boolean::New(info.Env(), true);
    }
    llama_memory_seq_cp(memory, sourceId, targetId, -1, -1);
    if (endPos >= 0 && !llama_memory_seq_rm(memory, targetId, endPos, -1)) {
        llama_memory_seq_rm(memory, targetId, -1, -1);
        return Napi::Boolean::New(info.Env(), false);
    }
    return Napi::Boolean::New(info.Env(), true);
}

Napi::Value AddonContext::IsKvUnified(const Napi::CallbackInfo& info) {
    return Napi::Boolean::New(info.Env(), context_params.kv_unified);
}

Napi::Value AddonContext::SetBarrierSpin(const Napi::CallbackInfo& info) {
    const std::string mode = info.Length() >= 1 && info[0].IsString() ? info[0].As<Napi::String>().Utf8Value() : "";
    if (mode != "full" && mode != "throttled") {
        Napi::TypeError::New(info.Env(), "${setBarrierSpinMethod}(mode) takes 'full' or 'throttled'").ThrowAsJavaScriptException();
        return info.Env().Undefined();
    }
    if (!tracetune::BarrierSpin::isAvailable()) return Napi::String::New(info.Env(), "unavailable");
    tracetune::BarrierSpin::set(mode == "throttled");
    return Napi::String::New(info.Env(), mode);
}
`;

/**
 * A hash of the patch (anchors and added code): a binding built from another patch is rebuilt. Computed, not
 * bumped by hand, so no edit can forget it.
 */
export const addonPatchId = createHash("sha256").update([headerAnchor, headerSource, registrationAnchor, registrationSource, optionAnchor, optionSource, decodeAnchor, decodeWorkerAnchor, decodeThreadSource, copySequenceSource].join("\0")).digest("hex").slice(0, 16);

export class AddonPatchError extends Error {}

function replaceOnce(text: string, anchor: string, replacement: string, file: string): string {
  const first = text.indexOf(anchor);
  if (first < 0 || text.indexOf(anchor, first + 1) >= 0) throw new AddonPatchError(`${file}: expected exactly one "${anchor}"`);
  return text.slice(0, first) + replacement + text.slice(first + anchor.length);
}

/** The patched AddonContext.h and AddonContext.cpp. Throws AddonPatchError when an anchor is missing or repeated. */
export function patchLlamaAddon(sources: { header: string; source: string }): { header: string; source: string } {
  if (sources.source.includes(copySequenceMethod)) throw new AddonPatchError("AddonContext.cpp: already patched");
  const header = replaceOnce(sources.header, headerAnchor, `${headerAnchor}${headerSource}`, "AddonContext.h");
  let source = replaceOnce(sources.source, registrationAnchor, `${registrationAnchor}${registrationSource}`, "AddonContext.cpp");
  source = replaceOnce(source, optionAnchor, `${optionSource}${optionAnchor}`, "AddonContext.cpp");
  source = replaceOnce(source, decodeWorkerAnchor, `${decodeThreadSource}${decodeWorkerAnchor}`, "AddonContext.cpp");
  source = replaceOnce(source, decodeAnchor, "int r = tracetuneDecode(ctx->ctx, ctx->batch);", "AddonContext.cpp");
  source = `${source.trimEnd()}\n\n// tracetune: in-memory prompt sharing and the unified KV cache (native/engines/common/patchLlamaAddon.ts)${copySequenceSource}`;
  return { header, source };
}
