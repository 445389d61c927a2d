using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace IdentityOps.Testing.Smtp;

/// <summary>One message as MailDev received it: its parsed bodies, and every header as it arrived (read from the raw source).</summary>
public sealed record ReceivedMail(string Id, string Subject, IReadOnlyList<string> To, string? Html, string? Text, IReadOnlyDictionary<string, string> Headers)
{
    public string Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : throw new KeyNotFoundException($"No {name} header");
}

/// <summary>
/// A real SMTP server on a free loopback port: MailDev (npm package <c>maildev</c>, installed into
/// <c>tests/node</c>), plain SMTP without authentication, messages kept in a temporary folder and read
/// back through its HTTP API. For one test class; stopped with its process tree on dispose.
/// </summary>
public sealed class LocalSmtpServer : IAsyncDisposable
{
    private readonly HttpClient api;
    private readonly string workspace;
    private Process? process;

    private LocalSmtpServer(Process process, string workspace, int smtpPort, int apiPort)
    {
        this.process = process;
        this.workspace = workspace;
        SmtpPort = smtpPort;
        api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}/api/") };
    }

    public int SmtpPort { get; }

    public static async Task<LocalSmtpServer> StartAsync()
    {
        var smtpPort = NodeTool.FreePort();
        var apiPort = NodeTool.FreePort();
        var workspace = Directory.CreateTempSubdirectory("maildev-").FullName;
        var process = await NodeTool.StartAsync(
            "maildev",
            ["--smtp", Port(smtpPort), "--ip", "127.0.0.1", "--web", Port(apiPort), "--web-ip", "127.0.0.1", "--mail-directory", workspace, "--silent"],
            smtpPort);
        var server = new LocalSmtpServer(process, workspace, smtpPort, apiPort);
        await server.WaitForApiAsync();
        return server;
    }

    /// <summary>Every message received so far, in arrival order.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> MessagesAsync()
    {
        var mails = await api.GetFromJsonAsync<JsonElement>("email");
        var received = new List<ReceivedMail>();
        foreach (var mail in mails.EnumerateArray())
        {
            // MailDev's parsed headers leave out the List-* ones; the raw source has them all.
            await using var source = await api.GetStreamAsync($"email/{mail.GetProperty("id").GetString()}/source");
            var raw = await MimeKit.MimeMessage.LoadAsync(source);
            received.Add(Parse(mail, raw));
        }

        return received;
    }

    public async Task ClearAsync()
    {
        using var response = await api.DeleteAsync("email/all");
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Stops the server: its SMTP port refuses connections from now on.</summary>
    public async Task StopAsync()
    {
        if (process is not null)
        {
            await NodeTool.StopAsync(process);
            process = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        api.Dispose();
        Directory.Delete(workspace, recursive: true);
    }

    private async Task WaitForApiAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var response = await api.GetAsync("healthz");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new InvalidOperationException("MailDev's API did not answer.");
            }

            await Task.Delay(100);
        }
    }

    private static ReceivedMail Parse(JsonElement mail, MimeKit.MimeMessage raw)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var header in raw.Headers)
        {
            headers[header.Field.ToLowerInvariant()] = header.Value.Trim();
        }

        return new ReceivedMail(
            mail.GetProperty("id").GetString()!,
            mail.GetProperty("subject").GetString() ?? "",
            [.. mail.GetProperty("to").EnumerateArray().Select(t => t.GetProperty("address").GetString()!)],
            mail.TryGetProperty("html", out var html) && html.ValueKind == JsonValueKind.String ? html.GetString() : null,
            mail.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString() : null,
            headers);
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
