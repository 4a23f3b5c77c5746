# The tutorial's thread-per-client server ("Basic Threading in Python"),
# ported to Python 3 with as few changes as possible:
#   - print is a function and sockets carry bytes, so text is decoded;
#   - the port, pickle protocol, number of clients and number of messages
#     come from the command line (port 0 picks a free port);
#   - it prints where it listens (so a test knows when it is ready), and it
#     stops after serving that many clients instead of serving forever.
#
# usage: python3 server.py PORT PROTOCOL CLIENTS MESSAGES
import pickle
import socket
import sys
import threading

port, protocol, clients, messages = (int(a) for a in sys.argv[1:5])

# We'll pickle a list of numbers:
someList = [1, 2, 7, 9, 0]
pickledList = pickle.dumps(someList, protocol)


# Our thread class:
class ClientThread(threading.Thread):

    # Override Thread's __init__ method to accept the parameters needed:
    def __init__(self, channel, details):
        self.channel = channel
        self.details = details
        threading.Thread.__init__(self)

    def run(self):
        print('Received connection:', self.details[0], flush=True)
        self.channel.send(pickledList)
        for x in range(messages):
            print(self.channel.recv(1024).decode(), flush=True)
        self.channel.close()
        print('Closed connection:', self.details[0], flush=True)


# Set up the server:
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.bind(('127.0.0.1', port))
server.listen(5)
print('Listening on', server.getsockname()[1], flush=True)

# Serve that many clients, then wait for their threads:
threads = []
for x in range(clients):
    channel, details = server.accept()
    thread = ClientThread(channel, details)
    thread.start()
    threads.append(thread)
server.close()
for thread in threads:
    thread.join()
