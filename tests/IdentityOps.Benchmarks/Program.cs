using IdentityOps.Benchmarks;

// ./build.sh bench runs `collect`; `serve` is the emulator child process it starts per size.
return args.FirstOrDefault() switch
{
    "serve" => await EmulatorChild.ServeAsync(args[1..]),
    _ => await CollectionBenchmark.RunAsync(args.FirstOrDefault() == "collect" ? args[1..] : args),
};
