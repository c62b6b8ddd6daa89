console.log('giao diện riêng');
