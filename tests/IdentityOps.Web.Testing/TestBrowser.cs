using System.Net;
using System.Text.RegularExpressions;

namespace IdentityOps.Web.Testing;

/// <summary>
/// A browser as far as sign-in needs one: a cookie store per host (OIDC correlation and nonce cookies
/// are <c>Secure; SameSite=None</c>, which <c>CookieContainer</c> would not send to the test server),
/// redirects followed by hand, and Entra's auto-submitting <c>form_post</c> page submitted as a browser
/// would. The app answers at https://localhost (the test server); Entra at https://127.0.0.1:PORT.
/// </summary>
public sealed partial class TestBrowser(HttpClient app, HttpClient entra) : IDisposable
{
    private readonly Dictionary<string, Dictionary<string, string>> cookies = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every Set-Cookie header the app sent, in order.</summary>
    public List<string> AppSetCookies { get; } = [];

    /// <summary>Every response, in order (for tests that look at a step of the flow).</summary>
    public List<HttpResponseMessage> Responses { get; } = [];

    public string? Cookie(string name, string host = "localhost")
        => cookies.TryGetValue(host, out var jar) && jar.TryGetValue(name, out var value) ? value : null;

    public void SetCookie(string name, string value, string host = "localhost")
    {
        if (!cookies.TryGetValue(host, out var jar))
        {
            cookies[host] = jar = new Dictionary<string, string>(StringComparer.Ordinal);
        }

        jar[name] = value;
    }

    public void RemoveCookie(string name, string host = "localhost")
    {
        if (cookies.TryGetValue(host, out var jar))
        {
            jar.Remove(name);
        }
    }

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        var uri = request.RequestUri!.IsAbsoluteUri ? request.RequestUri : new Uri(app.BaseAddress!, request.RequestUri);
        request.RequestUri = uri;
        if (cookies.TryGetValue(uri.Host, out var jar) && jar.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", jar.Select(c => $"{c.Key}={c.Value}")));
        }

        var client = uri.Host == "localhost" ? app : entra;
        var response = await client.SendAsync(request);
        Responses.Add(response);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var header in setCookies)
            {
                if (uri.Host == "localhost")
                {
                    AppSetCookies.Add(header);
                }

                Store(uri.Host, header);
            }
        }

        return response;
    }

    public Task<HttpResponseMessage> GetAsync(string url) => SendAsync(new HttpRequestMessage(HttpMethod.Get, url));

    public Task<HttpResponseMessage> PostFormAsync(string url, IEnumerable<KeyValuePair<string, string>> fields)
        => SendAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) });

    /// <summary>Follows redirects and auto-submitting forms from <paramref name="response"/> until a page that is neither.</summary>
    public async Task<HttpResponseMessage> FollowAsync(HttpResponseMessage response)
    {
        for (var step = 0; step < 20; step++)
        {
            if (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect)
            {
                var location = response.Headers.Location!;
                response = await GetAsync((location.IsAbsoluteUri ? location : new Uri(response.RequestMessage!.RequestUri!, location)).AbsoluteUri);
                continue;
            }

            var body = await response.Content.ReadAsStringAsync();
            if (response.RequestMessage!.RequestUri!.Host != "localhost" && AutoSubmitForm().Match(body) is { Success: true } form)
            {
                var fields = HiddenInput().Matches(form.Groups["inputs"].Value)
                    .Select(m => new KeyValuePair<string, string>(WebUtility.HtmlDecode(m.Groups["name"].Value), WebUtility.HtmlDecode(m.Groups["value"].Value)))
                    .ToList();
                response = await PostFormAsync(WebUtility.HtmlDecode(form.Groups["action"].Value), fields);
                continue;
            }

            return response;
        }

        throw new InvalidOperationException("More than 20 redirects.");
    }

    public async Task<HttpResponseMessage> NavigateAsync(string url) => await FollowAsync(await GetAsync(url));

    /// <summary>The antiforgery token of the first form on <paramref name="page"/>.</summary>
    public static string? AntiforgeryToken(string page)
        => HiddenInput().Matches(page).Where(m => m.Groups["name"].Value == "__RequestVerificationToken").Select(m => WebUtility.HtmlDecode(m.Groups["value"].Value)).FirstOrDefault();

    public void Dispose()
    {
        foreach (var response in Responses)
        {
            response.Dispose();
        }
    }

    private void Store(string host, string header)
    {
        var parts = header.Split(';', StringSplitOptions.TrimEntries);
        var (name, value) = (parts[0][..parts[0].IndexOf('=', StringComparison.Ordinal)], parts[0][(parts[0].IndexOf('=', StringComparison.Ordinal) + 1)..]);
        var expired = parts.Any(p => p.StartsWith("expires=", StringComparison.OrdinalIgnoreCase)
                                     && DateTimeOffset.TryParse(p[8..], System.Globalization.CultureInfo.InvariantCulture, out var at) && at < DateTimeOffset.UtcNow)
                      || parts.Any(p => p.Equals("max-age=0", StringComparison.OrdinalIgnoreCase));
        if (expired || value.Length == 0)
        {
            RemoveCookie(name, host);
        }
        else
        {
            SetCookie(name, value, host);
        }
    }

    [GeneratedRegex("""<form method="POST" name="hiddenform" action="(?<action>[^"]+)">(?<inputs>.*?)</form>""", RegexOptions.Singleline)]
    private static partial Regex AutoSubmitForm();

    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]+)" value="(?<value>[^"]*)" />""")]
    private static partial Regex HiddenInput();
}
