# The tutorial's thread-per-client server ("Basic Threading in Python"), in
# Python 3, for the interop tests (cmd/threads) and the benchmark's P4 row
# (bench). Changes from the tutorial, and why:
#   - print is a function and sockets carry bytes (Python 3);
#   - it listens on 127.0.0.1 and a port from the command line (0 picks a
#     free one) and prints that port first, flushed, so that whoever runs it
#     knows when the clients may come; its other lines are printed as the
#     tutorial prints them;
#   - the pickle protocol comes from the command line (the tutorial's
#     Python 2 wrote protocol 0), and so does the listen backlog, 5 (the
#     tutorial's) unless told otherwise;
#   - it serves CLIENTS clients and waits for their threads instead of
#     serving forever, so that a run has an end.
#
# usage: python3 server.py PORT PROTOCOL CLIENTS MESSAGES [BACKLOG]
import pickle
import socket
import sys
import threading

port, protocol, clients, messages = (int(a) for a in sys.argv[1:5])
backlog = int(sys.argv[5]) if len(sys.argv) > 5 else 5

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
        print('Received connection:', self.details[0])
        self.channel.send(pickledList)
        for x in range(messages):
            print(self.channel.recv(1024).decode())
        self.channel.close()
        print('Closed connection:', self.details[0])


# Set up the server:
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.bind(('127.0.0.1', port))
server.listen(backlog)
print('Listening on', server.getsockname()[1], flush=True)

# Have the server serve "forever" (here: CLIENTS clients):
threads = []
for x in range(clients):
    channel, details = server.accept()
    thread = ClientThread(channel, details)
    thread.start()
    threads.append(thread)
for thread in threads:
    thread.join()
server.close()
