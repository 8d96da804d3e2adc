# Throwaway certificates and keys for the cluster VM test, made at build time with openssl: every
# file the generated tree reads from the secrets folder (nix-emit generate --print-pki), for the
# example cluster's three nodes, one folder each ($out/<node name>). Never use them for a real
# cluster: the keys land in the Nix store.
{ runCommand, openssl }:
runCommand "k8s-test-pki" { nativeBuildInputs = [ openssl ]; } ''
  mkdir -p $out/shared
  cd $out/shared
  key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1"; }
  key ca-key.pem
  openssl req -x509 -new -key ca-key.pem -out ca.pem -days 3650 -subj "/CN=kubernetes-ca"
  # etcd's own CA: etcd trusts only what it signs.
  key etcd-ca-key.pem
  openssl req -x509 -new -key etcd-ca-key.pem -out etcd-ca.pem -days 3650 -subj "/CN=etcd-ca"
  # cert FILE KEY CN O SANS [CA]
  cert() {
    ca="''${6:-ca}"
    key "$2"
    if [ -n "$4" ]; then subj="/O=$4/CN=$3"; else subj="/CN=$3"; fi
    openssl req -new -key "$2" -out req.csr -subj "$subj"
    {
      echo "basicConstraints=CA:FALSE"
      echo "keyUsage=digitalSignature,keyEncipherment"
      echo "extendedKeyUsage=serverAuth,clientAuth"
      if [ -n "$5" ]; then echo "subjectAltName=$5"; fi
    } > ext.cnf
    openssl x509 -req -in req.csr -CA "$ca.pem" -CAkey "$ca-key.pem" -CAcreateserial -out "$1" -days 3650 -extfile ext.cnf
  }
  # The controller: fat-controller at fd00:10::1.
  host="DNS:fat-controller,IP:fd00:10::1,DNS:localhost,IP:127.0.0.1,IP:::1"
  cert apiserver.pem apiserver-key.pem kube-apiserver "" \
    "DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:fd00:10:96::1,$host"
  cert apiserver-kubelet-client.pem apiserver-kubelet-client-key.pem kube-apiserver-kubelet-client system:masters ""
  cert apiserver-etcd-client.pem apiserver-etcd-client-key.pem kube-apiserver-etcd-client "" "" etcd-ca
  cert etcd.pem etcd-key.pem etcd "" "$host" etcd-ca
  cert etcd-peer.pem etcd-peer-key.pem fat-controller "" "$host" etcd-ca
  cert controller-manager.pem controller-manager-key.pem system:kube-controller-manager "" ""
  cert scheduler.pem scheduler-key.pem system:kube-scheduler "" ""
  cert kube-proxy.pem kube-proxy-key.pem system:kube-proxy "" ""
  cert coredns.pem coredns-key.pem system:coredns "" ""
  cert admin.pem admin-key.pem admin system:masters ""
  key service-account-key.pem
  openssl pkey -in service-account-key.pem -pubout -out service-account.pem
  # Each node's kubelet: its serving and client certificates name the node.
  for node in fat-controller=fd00:10::1 worker1=fd00:10::11 worker2=fd00:10::12; do
    name="''${node%%=*}"
    ip="''${node#*=}"
    mkdir "$out/$name"
    cert kubelet.pem kubelet-key.pem "system:node:$name" system:nodes "DNS:$name,IP:$ip"
    cert kubelet-client.pem kubelet-client-key.pem "system:node:$name" system:nodes ""
    mv kubelet.pem kubelet-key.pem kubelet-client.pem kubelet-client-key.pem "$out/$name/"
  done
  rm -f req.csr ext.cnf ca.srl etcd-ca.srl
  for name in fat-controller worker1 worker2; do cp *.pem "$out/$name/"; done
  cd $out
  rm -r shared
''
