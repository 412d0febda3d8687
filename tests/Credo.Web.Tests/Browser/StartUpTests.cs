using System.Net;
using System.Net.Sockets;
using Credo.Web.Tests.Support;

namespace Credo.Web.Tests.Browser;

/// <summary>
/// Issue 12 §6: the browser tests' apps start on a port of their own whatever the machine is doing. Several apps
/// start at once while the <c>serve</c> verb's default port is taken: with the old start-up (the port rewritten after
/// the host was built, racing the app's own start), a busy machine let an app bind 5080 or fail on it and report
/// only <c>ObjectDisposedException</c>.
/// </summary>
public sealed class StartUpTests
{
    [Fact]
    public async Task Apps_started_together_each_listen_on_their_own_port_even_when_the_serve_default_port_is_taken()
    {
        using var squatter = Squat(5080);
        var apps = Enumerable.Range(0, 3).Select(_ => new CredoApp()).ToList();
        try
        {
            var addresses = await Task.WhenAll(apps.Select(app => Task.Run(() => KestrelStart.Start(app, app.Log))));
            Assert.Equal(3, addresses.Select(a => a.Port).Distinct().Count());
            Assert.DoesNotContain(addresses, a => a.Port == 5080);
            using var http = new HttpClient();
            foreach (var address in addresses)
            {
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(address, "/health"))).StatusCode);
            }
        }
        finally
        {
            foreach (var app in apps)
            {
                await app.DisposeAsync();
            }
        }
    }

    /// <summary>Holds <paramref name="port"/> on loopback if it is free (if something else holds it, so much the better).</summary>
    private static TcpListener? Squat(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return listener;
        }
        catch (SocketException)
        {
            return null;
        }
    }
}
